"""Demo updates on the demo cases (all fictional, like the cases), loaded by `flask seed`."""

from __future__ import annotations

from datetime import date

FICTIONAL = "*A fictional example update, invented to demonstrate the platform.*"

DEMO_UPDATES: list[dict] = [
    {
        "case": "tomas-herrera",
        "kind": "charges_dropped",
        "happened_on": date(2026, 11, 20),
        "language": "en",
        "title": "A judge threw out the quarry's complaint against Tomás",
        "body": (
            f"{FICTIONAL}\n\n"
            "A judge in Oaxaca dismissed the complaint of “obstructing public works” that the "
            "quarry company had brought against Tomás after a peaceful protest by the river. "
            "Tomás thanks everyone who wrote: *“The judge had a pile of your letters on his "
            "desk.”*\n\n"
            "The threats against him have not stopped. Please keep asking the authorities to "
            "protect him and to investigate the shooting."
        ),
        "texts": {
            "es": (
                "Un juez desestimó la denuncia de la cantera contra Tomás",
                "*Una actualización de ejemplo, ficticia, para mostrar la plataforma.*\n\n"
                "Un juez de Oaxaca desestimó la denuncia por “obstrucción de obras públicas” que "
                "la empresa de la cantera había presentado contra Tomás tras una protesta "
                "pacífica junto al río. Tomás da las gracias a todas las personas que "
                "escribieron.\n\n"
                "Las amenazas no han cesado. Sigue pidiendo a las autoridades que lo protejan "
                "e investiguen los disparos.",
            ),
        },
    },
    {
        "case": "alina-vasilenko",
        "kind": "transferred",
        "happened_on": date(2026, 10, 2),
        "language": "en",
        "title": "Alina was moved to a prison closer to her family",
        "body": (
            f"{FICTIONAL}\n\n"
            "Alina's mother can now visit her once a month, after a journey of three hours "
            "instead of two days. Alina is still in prison for her posts: please keep writing."
        ),
        "texts": {},
    },
    {
        "case": "leyla-ahmadi",
        "kind": "response",
        "happened_on": date(2026, 9, 15),
        "language": "en",
        "title": "The Judiciary acknowledged your letters",
        "body": (
            f"{FICTIONAL}\n\n"
            "Leyla's lawyer was told that the office of the Head of the Judiciary had received "
            "“a great number of letters from abroad” about her case. It is the first time the "
            "authorities have mentioned her case at all."
        ),
        "texts": {},
    },
]
