"""Names, definitions and formulas of the catalogue's indicators in English, French and Arabic.

Why data and not gettext: like the taxonomy's labels, these are reference texts agreed with the
national statistics focal points and quoted verbatim in donor reports; keeping the three
languages side by side lets a reviewer check that they say the same thing. A missing language
falls back to English.
"""

from __future__ import annotations

Texts = dict[str, dict[str, str]]

TEXTS: dict[str, Texts] = {
    "survivors_identified": {
        "name": {
            "en": "Survivors identified",
            "fr": "Survivants identifiés",
            "ar": "الناجون الذين تم تحديد هويتهم",
        },
        "definition": {
            "en": "Distinct survivors with a case whose identification date falls in the period.",
            "fr": "Survivants distincts ayant un dossier dont la date d'identification est "
            "dans la période.",
            "ar": "عدد الناجين المختلفين الذين لديهم ملف يقع تاريخ تحديد هويتهم ضمن الفترة.",
        },
        "formula": {
            "en": "COUNT DISTINCT person_key FROM cases WHERE identified_on IN period",
            "fr": "NOMBRE DISTINCT person_key DES dossiers OÙ identified_on DANS la période",
            "ar": "عدد مميز لـ person_key من الملفات حيث identified_on ضمن الفترة",
        },
    },
    "survivors_referred": {
        "name": {
            "en": "Survivors referred to services",
            "fr": "Survivants orientés vers des services",
            "ar": "الناجون المحالون إلى الخدمات",
        },
        "definition": {
            "en": "Distinct survivors with at least one referral sent in the period.",
            "fr": "Survivants distincts ayant au moins une orientation envoyée dans la période.",
            "ar": "عدد الناجين المختلفين الذين أرسلت لهم إحالة واحدة على الأقل خلال الفترة.",
        },
        "formula": {
            "en": "COUNT DISTINCT person_key FROM referrals JOIN cases WHERE created_at IN period",
            "fr": "NOMBRE DISTINCT person_key DES orientations x dossiers OÙ created_at DANS "
            "la période",
            "ar": "عدد مميز لـ person_key من الإحالات مع الملفات حيث created_at ضمن الفترة",
        },
    },
    "referrals_made": {
        "name": {"en": "Referrals sent", "fr": "Orientations envoyées", "ar": "الإحالات المرسلة"},
        "definition": {
            "en": "Referrals sent to a service provider in the period, whatever their answer.",
            "fr": "Orientations envoyées à un prestataire dans la période, quelle que soit "
            "la réponse.",
            "ar": "الإحالات المرسلة إلى مقدم خدمة خلال الفترة، أياً كان الرد.",
        },
        "formula": {
            "en": "COUNT referral_id FROM referrals WHERE created_at IN period",
            "fr": "NOMBRE referral_id DES orientations OÙ created_at DANS la période",
            "ar": "عدد referral_id من الإحالات حيث created_at ضمن الفترة",
        },
    },
    "survivors_assisted": {
        "name": {
            "en": "Survivors assisted",
            "fr": "Survivants assistés",
            "ar": "الناجون الذين تلقوا المساعدة",
        },
        "definition": {
            "en": "Distinct survivors who received at least one service in the period.",
            "fr": "Survivants distincts ayant reçu au moins un service dans la période.",
            "ar": "عدد الناجين المختلفين الذين تلقوا خدمة واحدة على الأقل خلال الفترة.",
        },
        "formula": {
            "en": "COUNT DISTINCT person_key FROM services JOIN cases WHERE delivered_on IN period",
            "fr": "NOMBRE DISTINCT person_key DES services x dossiers OÙ delivered_on DANS "
            "la période",
            "ar": "عدد مميز لـ person_key من الخدمات مع الملفات حيث delivered_on ضمن الفترة",
        },
    },
    "services_delivered": {
        "name": {"en": "Services delivered", "fr": "Services fournis", "ar": "الخدمات المقدمة"},
        "definition": {
            "en": "Services recorded as delivered to survivors in the period.",
            "fr": "Services enregistrés comme fournis aux survivants dans la période.",
            "ar": "الخدمات المسجلة على أنها قدمت للناجين خلال الفترة.",
        },
        "formula": {
            "en": "COUNT service_id FROM services WHERE delivered_on IN period",
            "fr": "NOMBRE service_id DES services OÙ delivered_on DANS la période",
            "ar": "عدد service_id من الخدمات حيث delivered_on ضمن الفترة",
        },
    },
    "voluntary_returns": {
        "name": {
            "en": "Assisted voluntary returns",
            "fr": "Retours volontaires assistés",
            "ar": "العودة الطوعية بمساعدة",
        },
        "definition": {
            "en": "Distinct survivors whose assisted voluntary return travelled in the period.",
            "fr": "Survivants distincts dont le retour volontaire assisté a eu lieu dans la "
            "période.",
            "ar": "عدد الناجين المختلفين الذين تمت عودتهم الطوعية بمساعدة خلال الفترة.",
        },
        "formula": {
            "en": "COUNT DISTINCT person_key FROM returns WHERE status = travelled AND "
            "travelled_on IN period",
            "fr": "NOMBRE DISTINCT person_key DES retours OÙ statut = voyagé ET travelled_on "
            "DANS la période",
            "ar": "عدد مميز لـ person_key من العودات حيث الحالة = سافر و travelled_on ضمن الفترة",
        },
    },
    "survivors_reintegrated": {
        "name": {
            "en": "Survivors entering reintegration",
            "fr": "Survivants entrés en réintégration",
            "ar": "الناجون الذين بدأوا إعادة الإدماج",
        },
        "definition": {
            "en": "Distinct survivors whose case moved to the reintegration step in the period.",
            "fr": "Survivants distincts dont le dossier est passé à l'étape de réintégration "
            "dans la période.",
            "ar": "عدد الناجين المختلفين الذين انتقل ملفهم إلى مرحلة إعادة الإدماج خلال الفترة.",
        },
        "formula": {
            "en": "COUNT DISTINCT person_key FROM case_steps WHERE step = reintegration AND "
            "at IN period",
            "fr": "NOMBRE DISTINCT person_key DES étapes OÙ étape = réintégration ET at DANS "
            "la période",
            "ar": "عدد مميز لـ person_key من المراحل حيث المرحلة = إعادة الإدماج و at ضمن الفترة",
        },
    },
    "survivors_in_school": {
        "name": {
            "en": "Survivors back in school or education",
            "fr": "Survivants rescolarisés ou en formation",
            "ar": "الناجون العائدون إلى المدرسة أو التعليم",
        },
        "definition": {
            "en": "Distinct survivors with a schooling follow-up done in the period.",
            "fr": "Survivants distincts ayant un suivi de scolarisation réalisé dans la période.",
            "ar": "عدد الناجين المختلفين الذين أنجزت لهم متابعة تمدرس خلال الفترة.",
        },
        "formula": {
            "en": "COUNT DISTINCT person_key FROM followups WHERE kind = schooling AND "
            "status = done AND done_on IN period",
            "fr": "NOMBRE DISTINCT person_key DES suivis OÙ type = scolarisation ET "
            "statut = fait ET done_on DANS la période",
            "ar": "عدد مميز لـ person_key من المتابعات حيث النوع = تمدرس والحالة = منجز و "
            "done_on ضمن الفترة",
        },
    },
    "children_in_school": {
        "name": {
            "en": "Children back in school",
            "fr": "Enfants rescolarisés",
            "ar": "الأطفال العائدون إلى المدرسة",
        },
        "definition": {
            "en": "Survivors under 18 at identification with a schooling follow-up done in "
            "the period.",
            "fr": "Survivants de moins de 18 ans à l'identification ayant un suivi de "
            "scolarisation réalisé dans la période.",
            "ar": "الناجون دون 18 عاماً عند تحديد الهوية الذين أنجزت لهم متابعة تمدرس خلال الفترة.",
        },
        "formula": {
            "en": "survivors_in_school WHERE age_band IN (0-11, 12-17)",
            "fr": "survivors_in_school OÙ age_band DANS (0-11, 12-17)",
            "ar": "survivors_in_school حيث age_band ضمن (0-11، 12-17)",
        },
    },
    "referral_response_days": {
        "name": {
            "en": "Median days to answer a referral",
            "fr": "Délai médian de réponse à une orientation (jours)",
            "ar": "الوسيط الزمني للرد على الإحالة (بالأيام)",
        },
        "definition": {
            "en": "Median number of days between sending a referral and the provider's answer, "
            "for referrals sent in the period and answered.",
            "fr": "Nombre médian de jours entre l'envoi d'une orientation et la réponse du "
            "prestataire, pour les orientations envoyées dans la période et traitées.",
            "ar": "الوسيط لعدد الأيام بين إرسال الإحالة ورد مقدم الخدمة، للإحالات المرسلة خلال "
            "الفترة والتي تم الرد عليها.",
        },
        "formula": {
            "en": "MEDIAN(responded_at - created_at) in days",
            "fr": "MÉDIANE(responded_at - created_at) en jours",
            "ar": "الوسيط(responded_at - created_at) بالأيام",
        },
    },
    "case_step_days": {
        "name": {
            "en": "Median days per step of the referral mechanism",
            "fr": "Délai médian par étape du mécanisme d'orientation (jours)",
            "ar": "الوسيط الزمني لكل مرحلة من آلية الإحالة (بالأيام)",
        },
        "definition": {
            "en": "For each step (screened, assistance, return, reintegration, closed), the "
            "median number of days since the case's previous step, for steps reached in the "
            "period.",
            "fr": "Pour chaque étape (dépisté, assistance, retour, réintégration, clôturé), le "
            "nombre médian de jours depuis l'étape précédente du dossier, pour les étapes "
            "atteintes dans la période.",
            "ar": "لكل مرحلة (الفحص، المساعدة، العودة، إعادة الإدماج، الإغلاق)، الوسيط لعدد الأيام "
            "منذ المرحلة السابقة للملف، للمراحل التي تم بلوغها خلال الفترة.",
        },
        "formula": {
            "en": "MEDIAN(at - previous step's at) by step",
            "fr": "MÉDIANE(at - at de l'étape précédente) par étape",
            "ar": "الوسيط(at - at للمرحلة السابقة) حسب المرحلة",
        },
    },
    "incidents_recorded": {
        "name": {
            "en": "Incidents recorded",
            "fr": "Incidents enregistrés",
            "ar": "الحوادث المسجلة",
        },
        "definition": {
            "en": "Incidents (interceptions, raids, reports) that occurred in the period.",
            "fr": "Incidents (interceptions, descentes, signalements) survenus dans la période.",
            "ar": "الحوادث (الاعتراضات، المداهمات، البلاغات) التي وقعت خلال الفترة.",
        },
        "formula": {
            "en": "COUNT incident_id FROM incidents WHERE occurred_on IN period",
            "fr": "NOMBRE incident_id DES incidents OÙ occurred_on DANS la période",
            "ar": "عدد incident_id من الحوادث حيث occurred_on ضمن الفترة",
        },
    },
    "migrants_counted": {
        "name": {
            "en": "Smuggled migrants counted in incidents",
            "fr": "Migrants objet de trafic dénombrés lors d'incidents",
            "ar": "المهاجرون المهربون المحصون في الحوادث",
        },
        "definition": {
            "en": "Sum of the smuggled migrants counted in incidents that occurred in the period.",
            "fr": "Somme des migrants objet de trafic dénombrés lors des incidents survenus "
            "dans la période.",
            "ar": "مجموع المهاجرين المهربين المحصين في الحوادث التي وقعت خلال الفترة.",
        },
        "formula": {
            "en": "SUM migrants FROM incidents WHERE occurred_on IN period",
            "fr": "SOMME migrants DES incidents OÙ occurred_on DANS la période",
            "ar": "مجموع migrants من الحوادث حيث occurred_on ضمن الفترة",
        },
    },
    "prosecutions_opened": {
        "name": {
            "en": "Prosecutions opened",
            "fr": "Poursuites engagées",
            "ar": "الملاحقات القضائية المفتوحة",
        },
        "definition": {
            "en": "Prosecution files opened in the period, by offence charged.",
            "fr": "Dossiers de poursuite ouverts dans la période, par infraction poursuivie.",
            "ar": "ملفات الملاحقة القضائية المفتوحة خلال الفترة، حسب الجريمة المتهم بها.",
        },
        "formula": {
            "en": "COUNT prosecution_id FROM prosecutions WHERE opened_on IN period",
            "fr": "NOMBRE prosecution_id DES poursuites OÙ opened_on DANS la période",
            "ar": "عدد prosecution_id من الملاحقات حيث opened_on ضمن الفترة",
        },
    },
    "convictions": {
        "name": {"en": "Convictions", "fr": "Condamnations", "ar": "الإدانات"},
        "definition": {
            "en": "Charges ending in a conviction decided in the period (one per charge, as "
            "the justice indicators count them).",
            "fr": "Chefs d'accusation ayant abouti à une condamnation prononcée dans la période "
            "(un par chef, comme les indicateurs de la justice).",
            "ar": "التهم التي انتهت بإدانة صدرت خلال الفترة (واحدة لكل تهمة، كما تحسبها مؤشرات "
            "العدالة).",
        },
        "formula": {
            "en": "COUNT verdict_id FROM verdicts WHERE outcome = convicted AND decided_on IN "
            "period",
            "fr": "NOMBRE verdict_id DES jugements OÙ issue = condamné ET decided_on DANS la "
            "période",
            "ar": "عدد verdict_id من الأحكام حيث النتيجة = إدانة و decided_on ضمن الفترة",
        },
    },
    "conviction_rate": {
        "name": {"en": "Conviction rate", "fr": "Taux de condamnation", "ar": "معدل الإدانة"},
        "definition": {
            "en": "Share of verdicts decided in the period that are convictions.",
            "fr": "Part des jugements rendus dans la période qui sont des condamnations.",
            "ar": "نسبة الأحكام الصادرة خلال الفترة التي هي إدانات.",
        },
        "formula": {
            "en": "convictions / COUNT verdict_id decided in period",
            "fr": "condamnations / NOMBRE verdict_id rendus dans la période",
            "ar": "الإدانات / عدد verdict_id الصادرة خلال الفترة",
        },
    },
    "participants_trained": {
        "name": {
            "en": "Participants trained",
            "fr": "Participants formés",
            "ar": "المشاركون المدربون",
        },
        "definition": {
            "en": "Distinct trainees (trainers excluded) of trainings that started in the "
            "period, by topic, participant's country, audience and sex.",
            "fr": "Apprenants distincts (formateurs exclus) des formations commencées dans la "
            "période, par thème, pays du participant, public et sexe.",
            "ar": "عدد المتدربين المختلفين (باستثناء المدربين) في الدورات التي بدأت خلال الفترة، "
            "حسب الموضوع وبلد المشارك والجمهور والجنس.",
        },
        "formula": {
            "en": "COUNT DISTINCT participant_key FROM attendances JOIN trainings WHERE "
            "role = trainee AND start_on IN period",
            "fr": "NOMBRE DISTINCT participant_key DES présences x formations OÙ rôle = "
            "apprenant ET start_on DANS la période",
            "ar": "عدد مميز لـ participant_key من الحضور مع الدورات حيث الدور = متدرب و "
            "start_on ضمن الفترة",
        },
    },
    "magistrates_trained": {
        "name": {"en": "Magistrates trained", "fr": "Magistrats formés", "ar": "القضاة المدربون"},
        "definition": {
            "en": "Distinct trainees of trainings for magistrates that started in the period.",
            "fr": "Apprenants distincts des formations destinées aux magistrats commencées dans "
            "la période.",
            "ar": "عدد المتدربين المختلفين في الدورات الموجهة للقضاة التي بدأت خلال الفترة.",
        },
        "formula": {
            "en": "participants_trained WHERE audience = magistrates",
            "fr": "participants_trained OÙ public = magistrats",
            "ar": "participants_trained حيث الجمهور = القضاة",
        },
    },
    "officers_trained": {
        "name": {
            "en": "Police, gendarmerie and border officers trained",
            "fr": "Policiers, gendarmes et agents des frontières formés",
            "ar": "أفراد الشرطة والدرك وحرس الحدود المدربون",
        },
        "definition": {
            "en": "Distinct trainees of trainings for the police, the gendarmerie or border "
            "officials that started in the period.",
            "fr": "Apprenants distincts des formations destinées à la police, à la gendarmerie "
            "ou aux agents des frontières commencées dans la période.",
            "ar": "عدد المتدربين المختلفين في الدورات الموجهة للشرطة أو الدرك أو موظفي الحدود "
            "التي بدأت خلال الفترة.",
        },
        "formula": {
            "en": "participants_trained WHERE audience IN (police, gendarmerie, border_officials)",
            "fr": "participants_trained OÙ public DANS (police, gendarmerie, frontières)",
            "ar": "participants_trained حيث الجمهور ضمن (الشرطة، الدرك، الحدود)",
        },
    },
    "trainers_trained": {
        "name": {
            "en": "Relay trainers trained",
            "fr": "Formateurs relais formés",
            "ar": "المدربون المرحليون المدربون",
        },
        "definition": {
            "en": "Distinct trainees of training-of-trainers sessions that started in the period.",
            "fr": "Apprenants distincts des formations de formateurs commencées dans la période.",
            "ar": "عدد المتدربين المختلفين في دورات تدريب المدربين التي بدأت خلال الفترة.",
        },
        "formula": {
            "en": "participants_trained WHERE is_tot",
            "fr": "participants_trained OÙ formation de formateurs",
            "ar": "participants_trained حيث تدريب المدربين",
        },
    },
    "justice_actors_trained": {
        "name": {
            "en": "Criminal justice actors trained",
            "fr": "Acteurs de la chaîne pénale formés",
            "ar": "الفاعلون في سلسلة العدالة الجنائية المدربون",
        },
        "definition": {
            "en": "Distinct trainees of trainings for magistrates, the police, the gendarmerie "
            "or border officials that started in the period (a person trained as both counts "
            "once, unlike the sum of the two indicators).",
            "fr": "Apprenants distincts des formations destinées aux magistrats, à la police, à "
            "la gendarmerie ou aux agents des frontières commencées dans la période (une "
            "personne formée aux deux titres compte une fois).",
            "ar": "عدد المتدربين المختلفين في الدورات الموجهة للقضاة أو الشرطة أو الدرك أو "
            "موظفي الحدود التي بدأت خلال الفترة (يُحسب الشخص مرة واحدة).",
        },
        "formula": {
            "en": "participants_trained WHERE audience IN (magistrates, police, gendarmerie, "
            "border_officials)",
            "fr": "participants_trained OÙ public DANS (magistrats, police, gendarmerie, "
            "frontières)",
            "ar": "participants_trained حيث الجمهور ضمن (القضاة، الشرطة، الدرك، الحدود)",
        },
    },
    "community_reports": {
        "name": {
            "en": "Community reports received",
            "fr": "Signalements communautaires reçus",
            "ar": "البلاغات المجتمعية المستلمة",
        },
        "definition": {
            "en": "Reports received from communities, hotlines and committees in the period.",
            "fr": "Signalements reçus des communautés, lignes d'écoute et comités dans la période.",
            "ar": "البلاغات المستلمة من المجتمعات وخطوط المساعدة واللجان خلال الفترة.",
        },
        "formula": {
            "en": "COUNT report_id FROM reports WHERE received_at IN period",
            "fr": "NOMBRE report_id DES signalements OÙ received_at DANS la période",
            "ar": "عدد report_id من البلاغات حيث received_at ضمن الفترة",
        },
    },
    "report_case_conversion": {
        "name": {
            "en": "Community reports converted to a case",
            "fr": "Signalements convertis en dossier",
            "ar": "البلاغات المحولة إلى ملف",
        },
        "definition": {
            "en": "Share of the reports received in the period (duplicates excluded) that "
            "became a survivor's case.",
            "fr": "Part des signalements reçus dans la période (doublons exclus) devenus un "
            "dossier de survivant.",
            "ar": "نسبة البلاغات المستلمة خلال الفترة (باستثناء المكررة) التي تحولت إلى ملف ناجٍ.",
        },
        "formula": {
            "en": "COUNT reports WITH case_id / COUNT reports, status <> duplicate",
            "fr": "NOMBRE signalements AVEC case_id / NOMBRE signalements, statut <> doublon",
            "ar": "عدد البلاغات ذات case_id / عدد البلاغات، الحالة <> مكرر",
        },
    },
    "referrals_overdue": {
        "name": {
            "en": "Overdue referrals",
            "fr": "Orientations en retard",
            "ar": "الإحالات المتأخرة",
        },
        "definition": {
            "en": "Referrals still sent or accepted whose due date has passed (due date in the "
            "period).",
            "fr": "Orientations encore envoyées ou acceptées dont l'échéance est dépassée "
            "(échéance dans la période).",
            "ar": "الإحالات التي لا تزال مرسلة أو مقبولة وتجاوزت تاريخ استحقاقها (تاريخ "
            "الاستحقاق ضمن الفترة).",
        },
        "formula": {
            "en": "COUNT referrals WHERE status IN (sent, accepted) AND due_on < today",
            "fr": "NOMBRE orientations OÙ statut DANS (envoyée, acceptée) ET due_on < aujourd'hui",
            "ar": "عدد الإحالات حيث الحالة ضمن (مرسلة، مقبولة) و due_on < اليوم",
        },
    },
    "followups_overdue": {
        "name": {
            "en": "Overdue follow-ups",
            "fr": "Suivis en retard",
            "ar": "المتابعات المتأخرة",
        },
        "definition": {
            "en": "Reintegration follow-ups still planned whose due date has passed (due date in "
            "the period).",
            "fr": "Suivis de réintégration encore prévus dont l'échéance est dépassée (échéance "
            "dans la période).",
            "ar": "متابعات إعادة الإدماج التي لا تزال مقررة وتجاوزت تاريخ استحقاقها (تاريخ "
            "الاستحقاق ضمن الفترة).",
        },
        "formula": {
            "en": "COUNT followups WHERE status = planned AND due_on < today",
            "fr": "NOMBRE suivis OÙ statut = prévu ET due_on < aujourd'hui",
            "ar": "عدد المتابعات حيث الحالة = مقررة و due_on < اليوم",
        },
    },
}
