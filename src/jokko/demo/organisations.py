"""The organisations of each demo node, modelled on the actors named in the seed documents.

Names are realistic but the organisations are fictional stand-ins: demo data must never look
like a real institution's records.
"""

from __future__ import annotations

# (name, kind, place code prefix hint, services provided)
ORGANISATIONS: dict[str, list[tuple[str, str, list[str]]]] = {
    "SN": [
        ("Cellule nationale de lutte contre la traite (démo)", "ministry", []),
        ("Centre d'accueil Kédougou (démo)", "shelter", ["shelter", "psychosocial", "medical"]),
        ("Maison de la Femme Tambacounda (démo)", "shelter", ["shelter", "psychosocial"]),
        ("ONG Jigeen Yi (démo)", "ngo", ["legal_aid", "psychosocial", "vocational_training"]),
        ("Centre de santé de Kédougou (démo)", "health", ["medical"]),
        ("Division spéciale de cybersécurité et traite (démo)", "police", []),
        ("Brigade de gendarmerie de Saraya (démo)", "gendarmerie", []),
        ("Tribunal de grande instance de Kédougou (démo)", "court", []),
        ("Inspection du travail de Kédougou (démo)", "labour_inspection", []),
        ("OIM Dakar (démo)", "international", ["return", "family_tracing"]),
        ("Comité de vigilance de Bantaco (démo)", "committee", []),
        ("Ligne verte d'écoute et de signalement (démo)", "hotline", []),
    ],
    "MR": [
        ("Commission nationale des droits de l'homme (démo)", "ministry", []),
        ("Centre d'accueil Nouadhibou (démo)", "shelter", ["shelter", "psychosocial", "medical"]),
        ("Association des femmes chefs de famille (démo)", "ngo", ["legal_aid", "psychosocial"]),
        ("Hôpital régional de Nouadhibou (démo)", "health", ["medical"]),
        ("Direction de la sûreté de l'État, unité traite (démo)", "police", []),
        ("Garde côtière de Nouadhibou (démo)", "gendarmerie", []),
        ("Tribunal de Nouakchott Ouest (démo)", "court", []),
        ("Numéro vert de signalement (démo)", "hotline", []),
        ("Comité de vigilance de Rosso (démo)", "committee", []),
        ("OIM Nouakchott (démo)", "international", ["return", "family_tracing"]),
    ],
    "ML": [
        ("Secrétariat permanent de lutte contre la traite (démo)", "ministry", []),
        ("Centre d'accueil Kayes (démo)", "shelter", ["shelter", "psychosocial", "medical"]),
        ("ONG Enda Mali (démo)", "ngo", ["legal_aid", "psychosocial", "education"]),
        ("CSRef de Kéniéba (démo)", "health", ["medical"]),
        ("Brigade des mœurs et de la protection de l'enfance (démo)", "police", []),
        ("Pôle judiciaire spécialisé de Bamako (démo)", "court", []),
        ("Ligne verte 80 00 11 14 (démo)", "hotline", []),
        ("Comité de vigilance de Kéniéba (démo)", "committee", []),
        ("OIM Bamako (démo)", "international", ["return", "family_tracing"]),
    ],
}

# username, role, and the kind of organisation the user works in (the node's first one of that
# kind; "shelter" is the first shelter, "ngo" the first NGO). Every role has a login.
DEMO_USERS: list[tuple[str, str, str]] = [
    ("coordination", "coordinator", "ministry"),
    ("travailleuse", "case_worker", "shelter"),
    ("autre-ong", "case_worker", "ngo"),
    ("sante", "case_worker", "health"),
    ("enqueteur", "investigator", "police"),
    ("magistrat", "prosecutor", "court"),
    ("analyste", "analyst", "ministry"),
    ("relais", "community_reporter", "committee"),
    ("ecoute", "case_worker", "hotline"),
    ("programme", "programme_officer", "ministry"),
    ("admin", "node_admin", "ministry"),
]

DEMO_PASSWORD = "jokko-demo-2026"  # noqa: S105 (public demo login, printed on start)
