"""Test support (no tests here): one clock, one dialog client, one scripted applicant."""
