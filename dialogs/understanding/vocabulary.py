"""The words people use for each option of ``answers.md``'s enums.

Each option's phrases, besides its label and value, written as people write
them (folding and Snowball stemming make ``testar``/``testa``/``testas`` and
``föreningen``/``förening`` one). A phrase that fits several options of a
question is no mention at all: ``befintlig`` alone is both "testa" and
"utveckla" and is asked back.
"""

from __future__ import annotations

SYNONYMS: dict[str, dict[str, tuple[str, ...]]] = {
    "TargetGroup": {
        "barn_unga": (
            "barn och unga", "barn och ungdomar", "barn", "unga", "ungdomar", "ungdom",
            "elever", "skolbarn", "förskolebarn", "tonåringar", "tonåring", "flickor", "pojkar",
            "barnen", "eleverna", "skolelever", "gymnasieelever", "högstadieelever",
        ),
        "unga_vuxna": ("unga vuxna", "ung vuxen"),
        "foraldrar": (
            "föräldrar", "förälder", "vårdnadshavare", "deras föräldrar", "mammor", "pappor",
            "föräldrarna", "familjer", "familjerna", "barnfamiljer", "barnfamilj",
        ),
        "risk_utanforskap": (
            "utanförskap", "socialt utanförskap", "riskzonen", "i riskzon", "riskerar",
            "utsatta", "marginaliserade",
        ),
        "vuxna": ("vuxna", "vuxen"),
        "aldre": ("äldre", "pensionärer", "seniorer", "äldre personer"),
        "alla": (
            "alla", "alla invånare", "samtliga invånare", "hela befolkningen", "allmänheten",
            # Folded and stemmed, "åldrar" is "äldre": "alla åldrar" must be all, not the old.
            "alla åldrar", "alla åldersgrupper", "oavsett ålder", "i alla åldrar",
        ),
    },
    "InterventionType": {
        "forebyggande": ("förebyggande", "förebygga", "prevention", "preventiv", "preventivt"),
        "tidig": (
            "tidig insats", "tidig", "tidigt", "tidiga", "tidigt stöd", "tidiga insatser",
            "tidigt skede", "tidigt ingripande",
        ),
        "behandlande": ("behandlande", "behandling", "behandla", "terapi", "behandlar"),
        "annan": ("annan", "något annat", "annat", "ingetdera", "varken eller", "ingen av dem"),
    },
    "MethodKind": {
        "testa_befintlig": (
            "testa", "pröva", "prova", "testar", "prövar", "införa", "inför", "implementera",
            "använda", "använder", "befintlig testas",
        ),
        "utveckla_befintlig": (
            "utveckla", "utvecklar", "vidareutveckla", "anpassa", "anpassar", "förbättra",
            "bygga vidare", "bygger vidare", "modifiera",
        ),
        "ny_metod": (
            "ny metod", "skapa", "skapar", "ny", "nytt", "nya", "ta fram", "tar fram",
            "helt ny", "egen metod", "nyutveckla", "uppfinna",
        ),
    },
    "EvidenceBasis": {
        "evidens": (
            "vetenskaplig evidens", "evidens", "evidensbaserad", "evidensbaserat", "forskning",
            "vetenskaplig", "vetenskap", "vetenskapligt", "studier", "forskningsbaserad",
            "forskningsstöd", "forskningen", "randomiserade",
        ),
        "beprovad_erfarenhet": (
            "beprövad erfarenhet", "beprövad", "beprövat", "erfarenhet", "erfarenheter",
            "praktisk erfarenhet", "prövad",
        ),
        "ingen": (
            "ingen", "ingetdera", "inget", "oprövad", "oprövat", "ny", "nytt", "ny metod",
            "varken eller", "helt ny", "ingen av dem",
        ),
    },
    "OrgType": {
        "region": ("region", "regionen", "landsting", "landstinget", "regional", "regionens"),
        "kommun": (
            "kommun", "kommunen", "kommunal", "kommunala", "kommunalt", "förvaltning", "stadsdel",
        ),
        "avtalspart": ("avtal", "avtalspart", "upphandlad", "entreprenör", "avtalsbaserad"),
        "ideell": (
            "ideell", "förening", "stiftelse", "kooperativ", "idrottsförening", "idéburen",
            "frivilligorganisation", "civilsamhället", "trossamfund", "församling",
            "studieförbund", "ideella",
        ),
        "statlig": ("statlig", "myndighet", "staten", "statliga"),
        "foretag": ("företag", "aktiebolag", "ab", "vinstdrivande", "bolag", "privat", "firma"),
        "annan": ("annan", "annat", "övrigt"),
    },
    "CofinancingForm": {
        "kontant": ("kontant", "kontanter", "pengar", "kontantinsats", "i pengar", "cash"),
        "arbetstid": (
            "arbetstid", "personal", "timmar", "personaltid", "personalresurser", "tid",
            "arbetsinsats", "tjänst", "tjänster",
        ),
        "annat": ("annat", "lokaler", "lokal", "material", "utrustning", "in natura", "övrigt"),
    },
}  # fmt: skip

# Words before a mention that deny it ("inte behandlande", "saknar evidens").
NEGATIONS = frozenset(
    {"inte", "ej", "icke", "ingen", "inget", "inga", "varken", "saknar", "saknas", "utan"}
)
# Verbs after a mention that, followed by "inte", deny it ("forskningen är inte klar").
POST_NEGATIONS = frozenset({"ar", "finns", "har", "blir", "galler", "handlar", "gor", "kan"})
# Phrases that fit two options: asked back with both, never read as one.
ASK_BACK: dict[str, tuple[str, ...]] = {
    "socialt företag": ("ideell", "foretag"),
    "sociala företag": ("ideell", "foretag"),
    "socialt företagande": ("ideell", "foretag"),
    "arbetsintegrerande": ("ideell", "foretag"),
    "ekonomisk förening": ("ideell", "foretag"),
    "kommunalt bolag": ("kommun", "foretag"),
    "kommunala bolag": ("kommun", "foretag"),
    "kommunägt": ("kommun", "foretag"),
    "regionägt": ("region", "foretag"),
}
# Words before a mention that make it the answer among several ("mest beprövad erfarenhet").
PREFERENCES = frozenset(
    {"mest", "framst", "framfor", "huvudsakligen", "mestadels", "mer", "snarast", "narmast",
     "egentligen", "framforallt", "overvagande"}
)  # fmt: skip
# "both": a line that says both without naming them is asked back.
BOTH = ("bade och", "bada", "bagge", "bada tva", "lite av varje")
