"""Name pools per ethnolinguistic community, their real spelling variants and Arabic script.

Each community has female first names, male first names and family names, written the way
civil registries and case workers of the region write them; ``*n`` after a name weights it (a
"Mamadou" or a "Diallo" is far more frequent than a "Thierno" or a "Wane"). Two communities
name by patronymic instead of family name: Hassaniya Arabic ("Mohamed Ould Ahmed", "Fatimetou
Mint Sidi") and Tuareg ("Attaher Ag Intalla", "Fadimata Walet Alhassane").

Spelling variants come in equivalence sets (`VARIANT_SETS`): every member is a realistic
spelling of the others (francophone, anglophone/Gambian, Arabic-style, with or without
diacritics). Gambian nationals are written in the anglophone orthography of their registry
(Jallow, Njie, Ceesay, Momodou, Ebrima...), which makes SN/GM record linkage a real test.

Pure Python, no Django.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

__all__ = [
    "ANGLOPHONE",
    "ARABIC",
    "GROUPS",
    "GROUPS_BY_NATIONALITY",
    "PATRONYMIC",
    "VARIANT_SETS",
    "NamePool",
    "arabic_form",
    "orthographic_variant",
    "variants_of",
]


def _pool(spec: str) -> tuple[str, ...]:
    """``"Mamadou*4|Amadou*2|Alpha"`` -> a tuple where each name repeats by its weight."""
    names: list[str] = []
    for entry in spec.split("|"):
        name, _, weight = entry.strip().partition("*")
        names.extend([name.strip()] * (int(weight) if weight else 1))
    return tuple(names)


@dataclass(frozen=True, slots=True)
class NamePool:
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]  # for patronymic groups: the fathers' names


GROUPS: dict[str, NamePool] = {
    "wolof": NamePool(
        _pool(
            "Fatou*4|Awa*3|Aminata*2|Mame Diarra|Ndeye*3|Khady*2|Astou*2|Coumba*2|Rokhaya|"
            "Sokhna|Adama|Mariama*2|Aïssatou*2|Yacine|Marème|Ngoné|Dieynaba|Bineta|Seynabou|Anta"
        ),
        _pool(
            "Moustapha*2|Modou*3|Cheikh*3|Mamadou*3|Ibrahima*2|Abdoulaye*3|Ousmane*2|Babacar*2|"
            "Serigne*2|Pape*2|Malick|Mouhamed*2|Assane|Saliou|Alioune*2|Mbaye|Lamine|Moussa|"
            "El Hadji|Aliou"
        ),
        _pool(
            "Ndiaye*6|Diop*6|Fall*4|Gueye*4|Mbaye*3|Seck*3|Ndour|Sall*2|Niang*2|Thiam*2|Cissé|"
            "Diagne*2|Mbodj|Lo*2|Sarr|Faye|Diouf|Samb|Kébé|Dieng*2|Touré|Mboup|Wade"
        ),
    ),
    "serer": NamePool(
        _pool("Khady|Ngoné*2|Diarra|Fatou*2|Marème|Ndella|Coumba|Sokhna|Marie|Dibor"),
        _pool("Waly|Mamadou*2|Ibou|Joseph|Diégane|Moussa|Ousmane|Pierre|Boucar|Ibrahima"),
        _pool("Faye*4|Sarr*4|Diouf*4|Ngom*2|Senghor|Dione*2|Tine*2|Ndour|Thiaw|Diène|Sène*2"),
    ),
    "pulaar": NamePool(
        _pool(
            "Aïssatou*3|Oumou*2|Hawa*2|Kadiatou*2|Mariama*3|Fatoumata*3|Djenabou|Hadja|Binta*2|"
            "Ramatoulaye|Kadidiatou|Coumba|Dieynaba|Houleymatou|Safiatou"
        ),
        _pool(
            "Mamadou*5|Amadou*3|Boubacar*3|Alpha*2|Oumar*2|Thierno*2|Souleymane*2|Saïdou|"
            "Ibrahima*2|Abdoul|Alassane|Demba|Samba|Hamidou|Abdourahmane|Ousmane"
        ),
        _pool(
            "Diallo*8|Ba*4|Sow*4|Barry*3|Bah*3|Baldé*2|Kane*2|Sy*2|Ly*2|Deh|Wane|Sylla|Dia*2|"
            "Bâ|Kâ|Tall|Thiam|Sidibé"
        ),
    ),
    "soninke": NamePool(
        _pool("Fatoumata*2|Hawa|Sira|Koumba|Assa|Mariam*2|Aminata|Djénéba|Kadiatou|Sadio"),
        _pool("Samba*2|Demba|Hamady|Bakary*2|Yaya|Moussa*2|Mamadou*2|Sambou|Djibril|Ousmane"),
        _pool(
            "Camara*2|Cissé*3|Diakité*2|Sylla*2|Touré*2|Dramé*2|Sakho*2|Soumaré*2|Doucouré*2|"
            "Diawara*2|Tandia|Kanouté|Niakaté|Gassama|Bathily|Sissoko|Diaby"
        ),
    ),
    "mandinka": NamePool(
        _pool(
            "Aminata*3|Fanta*2|Mariam*3|Kadidia|Assitan|Nana|Djeneba*2|Oumou*2|Sitan|"
            "Korotoumou|Fatoumata*3|Awa|Salimata|Rokia|Ramata|Hawa"
        ),
        _pool(
            "Seydou*2|Moussa*3|Bakary*2|Sekou*2|Lassana|Drissa|Modibo|Adama*2|Mamadou*3|"
            "Souleymane*2|Ibrahim|Fousseyni|Boubacar|Lamine|Yacouba|Daouda|Abdoulaye"
        ),
        _pool(
            "Keïta*3|Coulibaly*5|Traoré*5|Konaté*2|Kouyaté|Diarra*3|Dembélé*2|Sissoko*2|Kanté|"
            "Sangaré*2|Doumbia*2|Camara*2|Koné*3|Diakité|Samaké|Fofana|Sanogo|Dabo|Sané"
        ),
    ),
    "diola": NamePool(
        _pool("Marie*2|Awa|Fatou*2|Ndèye|Agnès|Aminata|Khady|Binta|Mariama|Émilie"),
        _pool("Lamine*2|Ousmane|Jean|Ibrahima|Sidy|Famara|Bakary|Landing|Paul|Malang"),
        _pool(
            "Diatta*4|Badji*3|Sané*2|Manga*2|Coly*2|Sagna*2|Goudiaby*2|Bodian|Diédhiou*2|Tendeng"
        ),
    ),
    "susu": NamePool(
        _pool("Mariama*2|Fanta|Hawa|Fatoumata*2|Aïssata|M'Mah|Kadiatou|Makhissa|Sayon"),
        _pool("Alseny|Mohamed*2|Sekou*2|Abdoulaye|Ibrahima*2|Mamadouba|Lansana|Momo|Ansoumane"),
        _pool("Bangoura*4|Soumah*3|Camara*4|Sylla*2|Yansané*2|Touré|Fofana|Conté*2|Kouyaté"),
    ),
    "songhai": NamePool(
        _pool("Aïssata|Fati*2|Hadiza|Mariama*2|Zeinabou|Hawa|Safiatou|Kadidiatou|Ramatou"),
        _pool("Hamidou|Alhousseini*2|Boubacar*2|Moussa*2|Ismaïla|Amadou|Mahamane*2|Oumarou|Issa"),
        _pool("Maïga*6|Touré*3|Cissé*3|Haïdara|Dicko|Tandina|Garba|Hamani|Idrissa"),
    ),
    "tuareg": NamePool(
        _pool("Fadimata*2|Tinhinan|Lalla|Mina|Aminatou|Takiya|Tahanint|Raichatou"),
        _pool(
            "Alhassane*2|Mohamed*3|Intalla|Attaher|Bilal|Ibrahim|Ahmada|Moussa|Assalat|Alghabass"
        ),
        _pool("Mohamed*3|Alhassane*2|Intalla|Attaher|Ibrahim|Ahmada|Moussa|Elmehdi|Ghali"),
    ),
    "hassaniya": NamePool(
        _pool(
            "Fatimetou*3|Mariem*3|Khadijetou*2|Vatimetou*2|Aichetou*2|Lemina|Mouna|Toutou|Salka|"
            "Zeinebou|Mbarka|Aminetou|Selma|Nana"
        ),
        _pool(
            "Mohamed*6|Sidi*2|Cheikh*2|Brahim*2|Ahmed*3|Mohamed Lemine*2|Abdallahi*2|Isselmou|"
            "El Hacen|Sidi Mohamed|Mahmoud|Moussa|Yahya|Mokhtar|Abderrahmane|Ethmane|Baba"
        ),
        _pool(
            "Ahmed*3|Sidi*2|Mohamed*5|Abdallahi*2|Cheikh*2|Brahim*2|Mahmoud|Boubacar|Salem*2|"
            "Ely*2|Mokhtar|Yahya|Abderrahmane|Baba|Mohamed Lemine"
        ),
    ),
    "hausa": NamePool(
        _pool(
            "Hadiza*2|Zainab*2|Aisha*3|Amina*3|Hauwa*2|Fatima*2|Halima|Rakiya|Maryam|Binta|Sa'adatu"
        ),
        _pool(
            "Abubakar*2|Musa*2|Bello|Garba|Usman*2|Ibrahim*2|Sani|Yusuf*2|Aliyu|Abdullahi|Mohammed*3"
        ),
        _pool(
            "Abdullahi*2|Sani*2|Danjuma|Mohammed*2|Bello*2|Yakubu|Lawal|Aminu|Garba|Umar|Idris|Tanko"
        ),
    ),
    "yoruba": NamePool(
        _pool(
            "Funmilayo|Oluwaseun|Adebola|Folake*2|Titilayo|Bukola*2|Yetunde*2|Kemi|Temitope*2|Abike"
        ),
        _pool("Adebayo*2|Adewale*2|Babatunde*2|Oluwaseun|Olumide|Segun*2|Tunde|Kehinde|Taiwo|Femi"),
        _pool(
            "Ogunleye|Adeyemi*3|Adeleke|Balogun*2|Afolabi*2|Ojo*2|Adebayo|Okunola|Oyelaran|Akinola"
        ),
    ),
    "igbo": NamePool(
        _pool("Chioma*2|Ngozi*2|Chinwe|Adaeze|Nneka*2|Ifeoma|Amarachi|Chiamaka"),
        _pool("Chukwuemeka|Emeka*2|Obinna|Ikenna|Chinedu*2|Nnamdi|Uchenna"),
        _pool("Okafor*2|Okeke*2|Eze*2|Nwosu|Obi|Okonkwo*2|Nwachukwu|Onyeka"),
    ),
    "edo": NamePool(
        _pool(
            "Osas*2|Blessing*4|Joy*3|Precious*3|Efe*2|Esohe|Favour*2|Gift*2|Ivie*2|Osaro|Success|"
            "Princess*2|Mercy*2|Faith|Osayuwamen|Itohan|Omosede|Eki"
        ),
        _pool("Osagie*2|Osaro|Efosa*2|Eghosa*2|Nosa|Uyi|Ehis|Osazee|Godwin|Friday"),
        _pool(
            "Omoregie*3|Igbinedion*2|Ehigiator|Osagie*2|Obaseki|Aigbe|Edokpolo|Ogbebor|"
            "Osayande*2|Iyamu|Erhabor|Idahosa*2|Eweka|Uwaifo|Ogiemwonyi"
        ),
    ),
}

# Groups that name by patronymic: (male connector, female connector).
PATRONYMIC: dict[str, tuple[str, str]] = {"hassaniya": ("Ould", "Mint"), "tuareg": ("Ag", "Walet")}

# Communities per nationality, in percent of the population where a census gives it
# (Senegal ANSD 2013: Wolof 39.7, Pulaar 27.5, Serer 16, Mandinka 4.9, Diola 4.2, Soninke 2.3;
# Mali RGPH 2009: Bambara+Malinke 42, Peul 13.3, Soninke 9.8, Songhai 5.9, Tuareg 3.5 - groups
# without a pool here are folded into the nearest one). Others are estimates.
GROUPS_BY_NATIONALITY: dict[str, tuple[tuple[str, float], ...]] = {
    "SN": (
        ("wolof", 40),
        ("pulaar", 27),
        ("serer", 16),
        ("mandinka", 6),
        ("diola", 6),
        ("soninke", 5),
    ),
    "MR": (("hassaniya", 74), ("pulaar", 14), ("soninke", 8), ("wolof", 4)),
    "ML": (("mandinka", 55), ("pulaar", 15), ("soninke", 13), ("songhai", 11), ("tuareg", 6)),
    "GN": (("pulaar", 40), ("mandinka", 35), ("susu", 22), ("soninke", 3)),
    "GM": (("mandinka", 36), ("pulaar", 27), ("wolof", 16), ("diola", 11), ("soninke", 10)),
    "GW": (("pulaar", 40), ("mandinka", 30), ("diola", 30)),
    "NE": (("hausa", 60), ("songhai", 25), ("tuareg", 10), ("pulaar", 5)),
    "BF": (("mandinka", 45), ("pulaar", 30), ("songhai", 25)),
    "NG": (("hausa", 35), ("yoruba", 25), ("igbo", 20), ("edo", 20)),
    "CI": (("mandinka", 60), ("pulaar", 40)),
}

# Arabic script of Hassaniya names as Mauritanian registers write them.
ARABIC: dict[str, str] = {
    "Mohamed": "محمد",
    "Ahmed": "أحمد",
    "Sidi": "سيدي",
    "Cheikh": "الشيخ",
    "Brahim": "إبراهيم",
    "Abdallahi": "عبد الله",
    "Mohamed Lemine": "محمد الأمين",
    "Isselmou": "اسلمو",
    "El Hacen": "الحسن",
    "Sidi Mohamed": "سيدي محمد",
    "Mahmoud": "محمود",
    "Boubacar": "أبو بكر",
    "Salem": "سالم",
    "Ely": "اعل",
    "Moussa": "موسى",
    "Yahya": "يحيى",
    "Mokhtar": "المختار",
    "Abderrahmane": "عبد الرحمن",
    "Ethmane": "عثمان",
    "Baba": "بابا",
    "Fatimetou": "فاطمة",
    "Vatimetou": "فاطمة",
    "Mariem": "مريم",
    "Khadijetou": "خديجة",
    "Aichetou": "عيشة",
    "Lemina": "لمينة",
    "Mouna": "منى",
    "Toutou": "توتو",
    "Salka": "السالكة",
    "Zeinebou": "زينب",
    "Mbarka": "امباركة",
    "Aminetou": "آمنة",
    "Selma": "سلمى",
    "Nana": "نانا",
    "Ould": "ولد",
    "Mint": "منت",
}

# Sets of spellings of one name. Every member is a variant of every other member.
VARIANT_SETS: tuple[tuple[str, ...], ...] = (
    # first names
    ("Mamadou", "Mamadu", "Momodou", "Mohamadou"),
    ("Mohamed", "Mouhamed", "Muhammad", "Mohammed", "Mohamad"),
    ("Mohammed", "Mohamed", "Muhammad"),
    ("Mouhamed", "Mohamed", "Muhammad", "Mouhammad"),
    ("Ousmane", "Usman", "Ousman", "Othman"),
    ("Usman", "Ousmane", "Uthman"),
    ("Ibrahima", "Ibrahim", "Ebrima", "Brahima"),
    ("Ibrahim", "Ibrahima", "Brahim"),
    ("Brahim", "Ibrahim", "Brahime"),
    ("Abdoulaye", "Abdullahi", "Ablaye", "Abdoulaye", "Abdullah"),
    ("Abdullahi", "Abdoulaye", "Abdallahi"),
    ("Abdallahi", "Abdellahi", "Abdallah", "Abdullahi"),
    ("Aïssatou", "Aissatou", "Aysatu", "Isatou", "Aïssata"),
    ("Aïssata", "Aissata", "Aïssatou"),
    ("Fatoumata", "Fatumata", "Fatoumatta", "Fatimata"),
    ("Fatou", "Fatu"),
    ("Awa", "Hawa"),
    ("Hawa", "Awa", "Hauwa"),
    ("Hauwa", "Hawa"),
    ("Aminata", "Aminatou", "Aminatta"),
    ("Amina", "Aminatu", "Aminah"),
    ("Mariama", "Mariyama", "Mariam", "Maryam"),
    ("Mariam", "Mariama", "Maryam", "Mariame"),
    ("Maryam", "Mariam", "Maryamu"),
    ("Mariem", "Meriem", "Maryam", "Mariam"),
    ("Khady", "Khadija", "Khadi"),
    ("Ndeye", "Ndèye", "Ndey"),
    ("Ndèye", "Ndeye", "Ndey"),
    ("Moustapha", "Mustapha", "Mustafa"),
    ("Modou", "Modu", "Moodou"),
    ("Cheikh", "Sheikh", "Cheick", "Shaykh"),
    ("Babacar", "Babakar", "Babucarr"),
    ("Boubacar", "Aboubacar", "Abubakar", "Bubacarr"),
    ("Abubakar", "Aboubacar", "Boubacar", "Abubakr"),
    ("Moussa", "Musa", "Mousa"),
    ("Musa", "Moussa"),
    ("Bakary", "Bakari", "Bakari"),
    ("Sekou", "Sékou", "Seckou"),
    ("Seydou", "Saidou", "Seidou"),
    ("Saïdou", "Saidou", "Seydou"),
    ("Oumar", "Umar", "Omar"),
    ("Umar", "Oumar", "Omar"),
    ("Amadou", "Ahmadou", "Amadu"),
    ("Alpha", "Alfa"),
    ("Souleymane", "Sulaiman", "Souleimane", "Suleiman"),
    ("Lamine", "Lamin", "Lamine"),
    ("Kadiatou", "Kadiatu", "Hadiatou"),
    ("Oumou", "Umu", "Ummu"),
    ("Djenabou", "Jenabu", "Dienabou"),
    ("Djeneba", "Jeneba", "Dieneba"),
    ("Binta", "Bintou"),
    ("Saliou", "Saliu", "Saliou"),
    ("Assane", "Hassane", "Hassan"),
    ("Malick", "Malik"),
    ("Yaya", "Yahya"),
    ("Yahya", "Yahia", "Yaya"),
    ("Aliou", "Alieu", "Aliyu"),
    ("Aliyu", "Aliou", "Alieu"),
    ("Yusuf", "Youssouf", "Yusif"),
    ("Aisha", "Aishatu", "Aïcha", "Aicha"),
    ("Aichetou", "Aïchetou", "Aicha", "Aïchatou"),
    ("Hadiza", "Hadizatu", "Adiza"),
    ("Zainab", "Zeinab", "Zainabu", "Zeinabou"),
    ("Zeinebou", "Zeinabou", "Zeinab"),
    ("Fatima", "Fatimah", "Fatma"),
    ("Halima", "Halimatou"),
    ("Fatimetou", "Fatimatou", "Fatma", "Vatimetou"),
    ("Vatimetou", "Fatimetou", "Vatma"),
    ("Khadijetou", "Khadijatou", "Khadija", "Khdeija"),
    ("Ahmed", "Ahmad", "Ahmedou", "Hmed"),
    ("Sidi", "Sidy"),
    ("Sidy", "Sidi"),
    ("Ely", "Ali", "Aly"),
    ("Salem", "Salim"),
    ("Mahmoud", "Mahmud", "Mahmoud"),
    ("Mokhtar", "Moctar", "Mukhtar"),
    ("Isselmou", "Esselmou", "Isselmou"),
    ("El Hacen", "El Hassen", "Elhacen", "Lehcen"),
    ("Ethmane", "Othmane", "Ousmane"),
    ("Abderrahmane", "Abdourahmane", "Abdulrahman"),
    ("Abdourahmane", "Abderrahmane", "Abdourahman"),
    ("Thierno", "Tierno", "Cerno"),
    ("Djibril", "Jibril", "Djibi"),
    ("Fousseyni", "Fousseini", "Husseini"),
    ("Alhousseini", "Alhousseyni", "Housseini"),
    ("Mahamane", "Mahaman", "Mohamane"),
    ("Ismaïla", "Ismaila", "Ismael"),
    ("Oumarou", "Umaru", "Oumar"),
    ("Hamidou", "Amidou", "Hamidu"),
    ("Daouda", "Dawda", "Dauda"),
    ("Yacouba", "Yakubu", "Yacoub"),
    ("Yakubu", "Yacouba", "Yakub"),
    ("Ousmane", "Usman"),
    ("Oluwaseun", "Seun", "Oluwaseyi"),
    ("Funmilayo", "Funmi", "Funmilola"),
    ("Babatunde", "Tunde"),
    ("Adewale", "Wale"),
    ("Osas", "Osasu", "Osasumwen"),
    ("Eghosa", "Egosa"),
    ("Esohe", "Esoe"),
    ("Ivie", "Ivy"),
    ("Efe", "Efeh"),
    ("Chukwuemeka", "Emeka"),
    ("Walet", "Welet", "Oualet"),
    ("Ould", "Weld"),
    # family names
    ("Diallo", "Jallow", "Djallo", "Dialo"),
    ("Ndiaye", "Njie", "N'Diaye", "Ndiay"),
    ("Diop", "Jobe", "Diope"),
    ("Fall", "Faal", "Fal"),
    ("Gueye", "Guèye", "Gaye"),
    ("Mbaye", "M'Baye", "Mbye"),
    ("Seck", "Sek"),
    ("Ndour", "N'Dour", "Ndur"),
    ("Sarr", "Sar"),
    ("Faye", "Fye"),
    ("Diouf", "Jouf", "Diouff"),
    ("Ba", "Bah", "Bâ"),
    ("Bah", "Ba"),
    ("Bâ", "Ba", "Bah"),
    ("Sow", "Sowe", "Sao"),
    ("Barry", "Bari", "Barrie"),
    ("Baldé", "Balde", "Baldeh"),
    ("Camara", "Kamara"),
    ("Cissé", "Cisse", "Ceesay", "Sisse"),
    ("Diakité", "Diakite", "Jakite"),
    ("Sylla", "Silla", "Sillah"),
    ("Touré", "Toure", "Touray", "Ture"),
    ("Dramé", "Drame", "Drammeh"),
    ("Sakho", "Sako", "Sakhoh"),
    ("Keïta", "Keita", "Kéita"),
    ("Coulibaly", "Kulibali", "Coulibali", "Kulibaly"),
    ("Traoré", "Traore", "Trawally"),
    ("Konaté", "Konate", "Konateh"),
    ("Kouyaté", "Kouyate", "Kuyateh"),
    ("Diarra", "Jarra", "Diara"),
    ("Dembélé", "Dembele", "Dembelé"),
    ("Sissoko", "Cissoko", "Sisoko"),
    ("Kanté", "Kante", "Kanteh"),
    ("Sangaré", "Sangare"),
    ("Doumbia", "Dumbia", "Doumbya"),
    ("Koné", "Kone"),
    ("Diatta", "Jatta", "Diata"),
    ("Badji", "Badjie", "Badgie"),
    ("Sané", "Sane", "Sanneh"),
    ("Diédhiou", "Diedhiou", "Jeju"),
    ("Maïga", "Maiga", "Maïgua"),
    ("Haïdara", "Haidara", "Aidara"),
    ("Soumaré", "Soumare", "Sumareh"),
    ("Doucouré", "Doucoure", "Dukureh"),
    ("Diawara", "Jawara"),
    ("Gassama", "Gassam"),
    ("Kane", "Kan"),
    ("Sy", "Si"),
    ("Ly", "Li"),
    ("Niang", "Nyang"),
    ("Thiam", "Cham"),
    ("Dieng", "Jeng"),
    ("Bangoura", "Bangura"),
    ("Soumah", "Sumah"),
    ("Yansané", "Yansane"),
    ("Omoregie", "Omorogie", "Omoregbe"),
    ("Igbinedion", "Igbinedio"),
    ("Idahosa", "Idahossa"),
    ("Osayande", "Osayamde"),
    ("Okonkwo", "Okonkwor"),
)

# Gambian registries write the anglophone form of the shared Senegambian names.
ANGLOPHONE: dict[str, str] = {
    "Diallo": "Jallow",
    "Ndiaye": "Njie",
    "Diop": "Jobe",
    "Cissé": "Ceesay",
    "Touré": "Touray",
    "Sow": "Sowe",
    "Dramé": "Drammeh",
    "Sané": "Sanneh",
    "Diatta": "Jatta",
    "Badji": "Badjie",
    "Kanté": "Kanteh",
    "Konaté": "Konateh",
    "Kouyaté": "Kuyateh",
    "Diarra": "Jarra",
    "Baldé": "Baldeh",
    "Fall": "Faal",
    "Mbaye": "Mbye",
    "Gueye": "Gaye",
    "Traoré": "Trawally",
    "Soumaré": "Sumareh",
    "Doucouré": "Dukureh",
    "Diawara": "Jawara",
    "Thiam": "Cham",
    "Niang": "Nyang",
    "Dieng": "Jeng",
    "Mamadou": "Momodou",
    "Ibrahima": "Ebrima",
    "Lamine": "Lamin",
    "Aïssatou": "Isatou",
    "Aliou": "Alieu",
    "Boubacar": "Bubacarr",
    "Babacar": "Babucarr",
    "Oumar": "Omar",
    "Ousmane": "Ousman",
    "Daouda": "Dawda",
    "Fatoumata": "Fatoumatta",
    "Ndeye": "Ndey",
    "Ndèye": "Ndey",
}

_VARIANTS: dict[str, tuple[str, ...]] = {}


def _build_variants() -> None:
    merged: dict[str, dict[str, None]] = {}
    for spellings in VARIANT_SETS:
        for word in spellings:
            others = merged.setdefault(word, {})
            for other in spellings:
                if other != word:
                    others[other] = None
    for french, english in ANGLOPHONE.items():
        merged.setdefault(french, {})[english] = None
        merged.setdefault(english, {})[french] = None
    for word, others in merged.items():
        _VARIANTS[word] = tuple(others)


_build_variants()


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def orthographic_variant(word: str) -> str:
    """The word as an anglophone or a hurried clerk writes it: no diacritics, ou->u, dj->j..."""
    plain = _strip_marks(word)
    if plain != word:
        return plain
    lowered = plain.lower()
    for french, other in (("dj", "j"), ("ou", "u"), ("ch", "sh"), ("kh", "k"), ("y", "i")):
        if french in lowered:
            changed = lowered.replace(french, other, 1)
            return changed[:1].upper() + changed[1:]
    return word


_ORTHOGRAPHIC: dict[str, tuple[str, ...]] = {}


def variants_of(word: str) -> tuple[str, ...]:
    """Known spelling variants of one name (word or multi-word name), never the word itself."""
    known = _VARIANTS.get(word)
    if known is not None:
        return known
    cached = _ORTHOGRAPHIC.get(word)
    if cached is None:
        if " " in word:
            parts = word.split(" ")
            swapped = [variants_of(p)[:1] or (p,) for p in parts]
            candidate = " ".join(s[0] for s in swapped)
        else:
            candidate = orthographic_variant(word)
        cached = (candidate,) if candidate != word else ()
        _ORTHOGRAPHIC[word] = cached
    return cached


def arabic_form(words: tuple[str, ...]) -> str | None:
    """The Arabic script of a Hassaniya name whose every part has a known Arabic form."""
    parts = [ARABIC.get(w) for w in words]
    if any(p is None for p in parts):
        return None
    return " ".join(p for p in parts if p is not None)


def pick(random: Callable[[], float], seq: tuple[str, ...]) -> str:
    """A uniform pick from a (weighted-by-repetition) pool."""
    return seq[int(random() * len(seq))]
