"""Demo content: the organisation's issue areas, and clearly fictional cases to act on."""

from __future__ import annotations

FICTIONAL = "This is a fictional example case, made up to demonstrate the platform."

ISSUE_AREAS: list[dict] = [
    {
        "slug": "human-rights-defenders",
        "name": "Protecting Human Rights Defenders",
        "summary": (
            "People who stand up for everyone's rights, from clean water to peaceful protest, "
            "are threatened, silenced and jailed for it. We stand with them so they can keep "
            "doing their work in safety."
        ),
        "facts": [
            "Worldwide, at least 156 human rights defenders died in detention or were killed "
            "in 2015.",
            "At least 61 countries put people in prison simply for exercising their rights "
            "and freedoms.",
            "At least 113 countries restricted freedom of expression and the press in 2015.",
        ],
        "position": 1,
    },
    {
        "slug": "refugees",
        "name": "I WELCOME: Standing with Refugees & Asylum-Seekers",
        "summary": (
            "People fleeing danger deserve the welcome any of us would hope for in their "
            "place. We call for safe routes, fair asylum and dignity at every border."
        ),
        "facts": [
            "25.9 million - Total number of refugees worldwide.",
            "More than 50% - Percentage of refugees who are under the age of 18.",
            "18,000 - Number of refugees the U.S. may admit in 2020, as determined by "
            "President Trump.",
            "850,000 - Number of people who signed Amnesty International's petition to the "
            "U.N. demanding that countries do more to help refugees.",
        ],
        "position": 2,
    },
    {
        "slug": "death-penalty",
        "name": "Death Penalty Abolition",
        "summary": (
            "No state should take a life as punishment. We oppose the death penalty in every "
            "case because it is cruel, irreversible and cannot be made fair."
        ),
        "facts": [
            "The death penalty is too flawed to fix.",
            "It is irreversible and mistakes happen. Since 1973, more than 160 prisoners sent "
            "to death row in the U.S. have later been exonerated or released from death row "
            "on grounds of innocence.",
            "It does not stop crime: there is no evidence that the death penalty uniquely "
            "deters crime or improves public safety.",
            "It is often used within unjust legal systems: people have been executed after "
            "unfair trials, without legal representation.",
            "It is discriminatory: it is applied disproportionally against people of color "
            "and poor people.",
            "It is used as a political tool: the authorities in some countries, like Iran "
            "and Sudan, use it to punish political opponents.",
        ],
        "position": 3,
    },
    {
        "slug": "national-security",
        "name": "National Security & Human Rights",
        "summary": (
            "Keeping people safe from violence must never mean giving up their rights. We "
            "challenge detention without trial, profiling and abuse done in security's name."
        ),
        "facts": [
            "40 - Number of people detained at Guantanamo by the end of January 2019.",
            "13,000 - Number of people deported under the NSEERS program, without being "
            "convicted of any crimes, before it was dismantled.",
            "132 - Number of protests Amnesty International USA held in the weeks after "
            "President Trump issued his first Muslim Ban.",
        ],
        "position": 4,
    },
    {
        "slug": "police-accountability",
        "name": "Deadly Force & Police Accountability",
        "summary": (
            "Everyone has the right to life and to equal treatment by the police. We push for "
            "laws that limit lethal force and hold officers to account when they kill."
        ),
        "facts": [
            "963 - Number of people killed by police in 2016, according to the Washington Post.",
            "5x - Increased likelihood that an unarmed black man will be shot, as compared to "
            "an unarmed white man.",
            "0 - Number of states in the U.S. with laws on the books that meet international "
            "standards for police use of lethal force.",
        ],
        "position": 5,
    },
    {
        "slug": "gun-violence",
        "name": "End Gun Violence",
        "summary": (
            "Gun violence is a human rights crisis that leaves whole communities afraid. We "
            "combine research, advocacy and grassroots action so everyone can live free of it."
        ),
        "facts": [
            "Four critical acts could make everyone safer. First: pass laws to prevent guns "
            "from being in the hands of those likely to misuse them.",
            "Fund gun violence research to inform evidence-based policy solutions.",
            "Invest in violence-prevention programs led by impacted communities.",
            "Provide support, including mental and physical health care, for survivors of gun "
            "violence.",
        ],
        "position": 6,
    },
    {
        "slug": "gender-identity",
        "name": "Gender, Sexuality & Identity",
        "summary": (
            "No one should face discrimination or violence because of who they are or whom "
            "they love. We hold governments to their duty to protect everyone equally."
        ),
        "facts": [
            "76 - Number of countries that criminalize sexual activity between adults of the "
            "same sex.",
            "338 - Number of restrictions on abortion that have been enacted in the U.S. since "
            "2010, according to the Guttmacher Institute.",
            "435 - Number of advocates trained by Amnesty International USA to protect sexual "
            "and reproductive rights.",
        ],
        "position": 7,
    },
    {
        "slug": "individuals-at-risk",
        "name": "Individuals at Risk",
        "summary": (
            "Ordinary people writing letters have freed thousands of prisoners of conscience. "
            "Each case here is a real chance to change one person's life."
        ),
        "facts": [
            "47 - Number of countries that arrested people for peaceful expression on social "
            "media/online in 2019.",
            "142 - Number of cases that received positive impact in 2019 after Amnesty "
            "campaigned in their cases.",
            "335 - Number of U.S. classrooms that participated in the Write for Rights "
            "campaign in 2016.",
        ],
        "position": 8,
    },
]

DEMO_CASES: list[dict] = [
    {
        "slug": "leyla-ahmadi",
        "name": "Leyla Ahmadi",
        "country": "IR",
        "issue_area": "individuals-at-risk",
        "headline": "Student sentenced to six years for a poem she posted online",
        "story": [
            f"{FICTIONAL} Leyla Ahmadi is a 23-year-old literature student who loves "
            "classical Persian poetry and writes her own. In March she posted a short poem "
            "about women walking freely in the streets of her city.",
            "Two weeks later security agents arrested her at her university. She was held "
            "in solitary confinement for a month without a lawyer, and her family was not "
            "told where she was.",
            "After a trial that lasted fifteen minutes, a Revolutionary Court sentenced her "
            "to six years in prison for 'propaganda against the state'. She suffers from "
            "asthma and has been denied regular medical care.",
        ],
        "ask": (
            "Release Leyla Ahmadi immediately and unconditionally, and until then give her "
            "access to her lawyer, her family and the medical care she needs."
        ),
        "featured": True,
        "solidarity_safe": True,
        "sender_address_allowed": False,
        "safety_notes": "Cards reach Leyla through her family: do not write your address, "
        "and do not mention politics or the authorities in a card.",
        "photo": "img/cases/leyla-ahmadi.svg",
        "photo_alt": "Illustrated portrait of Leyla, smiling, in a green headscarf",
        "targets": [
            {
                "name": "Dr. Hossein Karimi",
                "title": "Head of the Judiciary",
                "salutation": "Dear Head of the Judiciary,",
                "address_lines": [
                    "Office of the Head of the Judiciary",
                    "No. 12, Vali Asr Avenue",
                    "Tehran 1591634311",
                ],
                "country": "IR",
                "language": "fa",
            }
        ],
        "petition": {
            "slug": "free-leyla-ahmadi",
            "title": "Free Leyla Ahmadi",
            "body": (
                "To the Head of the Judiciary: We, the undersigned, call on you to release "
                "Leyla Ahmadi immediately and unconditionally. She is a student imprisoned "
                "solely for a poem she shared online, which is peaceful expression protected "
                "by international law. Until her release, please ensure she can see her "
                "lawyer and family and receives the medical care she needs for her asthma."
            ),
            "goal": 20000,
        },
    },
    {
        "slug": "tomas-herrera",
        "name": "Tomás Herrera",
        "country": "MX",
        "issue_area": "human-rights-defenders",
        "headline": "Land defender threatened for protecting his community's river",
        "story": [
            f"{FICTIONAL} Tomás Herrera is a farmer and father of three who leads his "
            "village's water committee in southern Mexico. For years he has documented how a "
            "quarry pollutes the river his community drinks from.",
            "Since he filed a complaint with the environmental authorities, armed men have "
            "followed him home, and his house was shot at in the night. The police have not "
            "investigated any of the threats he reported.",
        ],
        "ask": (
            "Give Tomás Herrera and his family effective protection that they agree to, and "
            "investigate the threats and attack against him promptly and impartially."
        ),
        "featured": True,
        "solidarity_safe": True,
        "sender_address_allowed": True,
        "safety_notes": "",
        "photo": "img/cases/tomas-herrera.svg",
        "photo_alt": "Illustrated portrait of Tomás in a straw hat, in front of green hills",
        "targets": [
            {
                "name": "Lic. Mariana Sosa Ibarra",
                "title": "Attorney General of the Republic",
                "salutation": "Dear Attorney General,",
                "address_lines": [
                    "Fiscalía General de la República",
                    "Avenida Paseo de la Reforma 211",
                    "Colonia Cuauhtémoc",
                    "06500 Ciudad de México, CDMX",
                ],
                "country": "MX",
                "language": "es",
            }
        ],
        "petition": {
            "slug": "protect-tomas-herrera",
            "title": "Protect Tomás Herrera",
            "body": (
                "To the Attorney General: We, the undersigned, urge you to guarantee the "
                "safety of Tomás Herrera, a peaceful defender of his community's right to "
                "clean water, and of his family. Please provide protection measures agreed "
                "with them, and open a prompt, thorough and impartial investigation into the "
                "threats and the shooting at his home, bringing those responsible to justice."
            ),
            "goal": 10000,
        },
    },
    {
        "slug": "alina-vasilenko",
        "name": "Alina Vasilenko",
        "country": "BY",
        "issue_area": "individuals-at-risk",
        "headline": "Journalist jailed for reporting on a peaceful protest",
        "story": [
            f"{FICTIONAL} Alina Vasilenko is an independent journalist who filmed a "
            "peaceful march for fair elections and streamed it for her small online news "
            "channel.",
            "She was arrested the same evening and charged with 'organising actions that "
            "grossly violate public order'. A court sentenced her to four years in a penal "
            "colony, where she may receive letters only rarely.",
            "Her young daughter now lives with her grandmother. Alina has said that letters "
            "from strangers are what keeps her going.",
        ],
        "ask": (
            "Quash Alina Vasilenko's conviction and release her immediately, as she is "
            "imprisoned only for her peaceful work as a journalist."
        ),
        "featured": True,
        "solidarity_safe": True,
        "sender_address_allowed": True,
        "safety_notes": "Keep cards personal and warm; avoid political slogans, which "
        "prison censors may use as a reason to withhold mail.",
        "photo": "img/cases/alina-vasilenko.svg",
        "photo_alt": "Illustrated portrait of Alina with short fair hair and a blue scarf",
        "targets": [
            {
                "name": "Mr. Pavel Lukyanchik",
                "title": "Prosecutor General",
                "salutation": "Dear Prosecutor General,",
                "address_lines": [
                    "Office of the Prosecutor General",
                    "Internatsionalnaya Street 22",
                    "220030 Minsk",
                ],
                "country": "BY",
                "language": "ru",
            }
        ],
        "petition": {
            "slug": "free-alina-vasilenko",
            "title": "Free journalist Alina Vasilenko",
            "body": (
                "To the Prosecutor General: We, the undersigned, call on you to ensure that "
                "journalist Alina Vasilenko is released immediately and her conviction "
                "quashed. She was jailed only for filming and reporting on a peaceful "
                "protest. Reporting the news is not a crime. Until she is free, please "
                "ensure she can receive letters and visits from her family."
            ),
            "goal": 15000,
        },
    },
    {
        "slug": "samir-haddad",
        "name": "Samir Haddad",
        "country": "EG",
        "issue_area": "death-penalty",
        "headline": "Sentenced to death after a confession extracted under torture",
        "story": [
            f"{FICTIONAL} Samir Haddad was 19 and working in his uncle's bakery when he "
            "was arrested after a deadly clash he says he never took part in.",
            "He was held incommunicado for three weeks. He says he was beaten until he "
            "signed a confession he was not allowed to read. An emergency court sentenced "
            "him to death in a mass trial of 40 people.",
            "His appeal is the last chance to stop his execution. His mother visits him "
            "every month and has never stopped campaigning for a fair trial.",
        ],
        "ask": (
            "Halt any plans to execute Samir Haddad, quash his death sentence, and grant him "
            "a fair retrial that excludes any statement obtained under torture."
        ),
        "featured": True,
        "solidarity_safe": False,
        "sender_address_allowed": False,
        "safety_notes": "Do not send cards to Samir: mail to him could put him at risk. "
        "Write to the authorities only.",
        "photo": "img/cases/samir-haddad.svg",
        "photo_alt": "Illustrated portrait of Samir, a young man with curly dark hair",
        "targets": [
            {
                "name": "Counsellor Youssef Mansour",
                "title": "Public Prosecutor",
                "salutation": "Dear Public Prosecutor,",
                "address_lines": [
                    "Office of the Public Prosecutor",
                    "Supreme Court House, 26 July Street",
                    "Downtown, Cairo 11511",
                ],
                "country": "EG",
                "language": "ar",
            }
        ],
        "petition": {
            "slug": "stop-the-execution-of-samir-haddad",
            "title": "Stop the execution of Samir Haddad",
            "body": (
                "To the Public Prosecutor: We, the undersigned, urge you to halt any plans to "
                "execute Samir Haddad and to quash his death sentence. He was convicted in a "
                "mass trial on the basis of a confession he says was obtained under torture. "
                "Please order a fair retrial that excludes any such statement, and an "
                "independent investigation into his allegations of torture."
            ),
            "goal": 25000,
        },
    },
    {
        "slug": "rina-santos",
        "name": "Rina Santos",
        "country": "PH",
        "issue_area": "gender-identity",
        "headline": "Trans activist attacked, while police refuse to investigate",
        "story": [
            f"{FICTIONAL} Rina Santos runs a small community centre for LGBTI young people "
            "in Quezon City, offering a safe space, legal help and a hot meal.",
            "In June she was beaten by a group of men outside the centre, who shouted insults "
            "about her gender identity. When she reported the attack, officers laughed and "
            "refused to take her statement.",
        ],
        "ask": (
            "Investigate the attack on Rina Santos as a hate crime, discipline the officers "
            "who refused her complaint, and protect the centre and its young people."
        ),
        "featured": False,
        "solidarity_safe": True,
        "sender_address_allowed": True,
        "safety_notes": "",
        "photo": "img/cases/rina-santos.svg",
        "photo_alt": "Illustrated portrait of Rina with long black hair and a yellow top",
        "targets": [
            {
                "name": "Police General Ramon Dizon",
                "title": "Chief of the Philippine National Police",
                "salutation": "Dear Police General,",
                "address_lines": [
                    "Office of the Chief, Philippine National Police",
                    "Camp Crame, EDSA",
                    "Quezon City 1111, Metro Manila",
                ],
                "country": "PH",
                "language": "en",
            },
            {
                "name": "Hon. Teresa Villanueva",
                "title": "Chairperson, Commission on Human Rights",
                "salutation": "Dear Chairperson,",
                "address_lines": [
                    "Commission on Human Rights",
                    "SAAC Building, Commonwealth Avenue",
                    "Diliman, Quezon City 1101",
                ],
                "country": "PH",
                "language": "en",
            },
        ],
        "petition": {
            "slug": "justice-for-rina-santos",
            "title": "Justice for Rina Santos",
            "body": (
                "To the Chief of the Philippine National Police: We, the undersigned, ask "
                "you to ensure that the attack on trans activist Rina Santos is investigated "
                "promptly and thoroughly as a hate crime, that the officers who refused to "
                "take her complaint are held to account, and that Rina and the young people "
                "of her community centre are protected from further violence."
            ),
            "goal": 8000,
        },
    },
    {
        "slug": "yusuf-abdi",
        "name": "Yusuf Abdi",
        "country": "ID",
        "issue_area": "refugees",
        "headline": "Refugee held in immigration detention for seven years",
        "story": [
            f"{FICTIONAL} Yusuf Abdi fled his country at 16, after armed groups killed his "
            "father. He was recognised as a refugee, but has spent seven years in an "
            "immigration detention centre waiting for resettlement.",
            "The centre is overcrowded and Yusuf, now 24, has developed depression. He "
            "teaches English to the younger detainees and dreams of studying nursing.",
        ],
        "ask": (
            "End the indefinite detention of Yusuf Abdi and other refugees, and let them "
            "live in the community while their resettlement is arranged."
        ),
        "featured": False,
        "solidarity_safe": True,
        "sender_address_allowed": True,
        "safety_notes": "",
        "photo": "img/cases/yusuf-abdi.svg",
        "photo_alt": "Illustrated portrait of Yusuf, smiling, wearing a red shirt",
        "targets": [
            {
                "name": "Mr. Agus Prasetyo",
                "title": "Minister of Law and Human Rights",
                "salutation": "Dear Minister,",
                "address_lines": [
                    "Ministry of Law and Human Rights",
                    "Jalan H.R. Rasuna Said Kav. 6-7",
                    "Kuningan, Jakarta Selatan 12940",
                ],
                "country": "ID",
                "language": "id",
            }
        ],
        "petition": {
            "slug": "free-yusuf-abdi-from-detention",
            "title": "End Yusuf Abdi's seven years in detention",
            "body": (
                "To the Minister of Law and Human Rights: We, the undersigned, ask you to end "
                "the indefinite immigration detention of refugee Yusuf Abdi, who has been "
                "held for seven years without charge. Please release him, and other "
                "refugees in the same situation, into the community while their "
                "resettlement is arranged, and ensure they receive mental health care."
            ),
            "goal": 5000,
        },
    },
]
