"""The contact, dataset request and partnership proposal forms (FormPage + FormField)."""

from home.models import FormField, FormPage, Topic

from .framework import Phrasebook

pb = Phrasebook()

FROM_ADDRESS = "townhall@riverton.example"

NAME = pb("Your name", fr="Votre nom", ar="اسمكم", sw="Jina lako")
EMAIL = pb(
    "E-mail address",
    fr="Adresse e-mail",
    ar="عنوان البريد الإلكتروني",
    sw="Anwani ya barua pepe",
)
EMAIL_HELP = pb(
    "We use it only to reply to you.",
    fr="Nous l’utilisons uniquement pour vous répondre.",
    ar="نستخدمه فقط للرد عليكم.",
    sw="Tunaitumia tu kukujibu.",
)


def field(label, field_type, required=True, help_text="", choices=""):
    return FormField(
        label=label,
        field_type=field_type,
        required=required,
        help_text=help_text,
        choices=choices,
    )


def choices(*options):
    return "\n".join(options)


def load_contact(demo, home):
    page = demo.get_or_create_page(
        home,
        FormPage,
        "contact",
        title=pb("Contact us", fr="Nous contacter", ar="اتصلوا بنا", sw="Wasiliana nasi"),
        introduction=pb.p(
            "Questions about a consultation, a problem with this website, or a format you "
            "need? Write to Riverton’s engagement team. We answer within five working days.",
            fr="Une question sur une consultation, un problème sur ce site, ou besoin d’un "
            "document dans un autre format ? Écrivez à l’équipe participation de Riverton. Nous "
            "répondons sous cinq jours ouvrés.",
            ar="هل لديكم سؤال عن استشارة، أو مشكلة في هذا الموقع، أو تحتاجون إلى صيغة معيّنة؟ "
            "راسلوا فريق المشاركة المجتمعية في ريفرتون، وسنردّ عليكم خلال خمسة أيام عمل.",
            sw="Una swali kuhusu mashauriano, tatizo kwenye tovuti hii, au unahitaji hati kwa "
            "muundo mwingine? Iandikie timu ya ushirikishwaji ya Riverton. Tunajibu ndani ya "
            "siku tano za kazi.",
        )
        + pb.p(
            "You can also visit us at City Hall, 1 Market Square, Monday to Friday from 9:00 to "
            "17:00.",
            fr="Vous pouvez aussi venir nous voir à l’hôtel de ville, 1 Market Square, du lundi "
            "au vendredi de 9 h à 17 h.",
            ar="يمكنكم أيضًا زيارتنا في مبنى البلدية، 1 ماركت سكوير، من الاثنين إلى الجمعة، من "
            "الساعة 9:00 حتى 17:00.",
            sw="Unaweza pia kututembelea katika Ukumbi wa Jiji, 1 Market Square, Jumatatu hadi "
            "Ijumaa kuanzia saa 3:00 asubuhi hadi saa 11:00 jioni.",
        ),
        form_fields=[
            field(NAME, "singleline"),
            field(EMAIL, "email", help_text=EMAIL_HELP),
            field(
                pb(
                    "What is your message about?",
                    fr="Quel est l’objet de votre message ?",
                    ar="ما موضوع رسالتكم؟",
                    sw="Ujumbe wako unahusu nini?",
                ),
                "dropdown",
                choices=pb(
                    choices(
                        "A consultation or survey",
                        "A problem with this website",
                        "Accessibility, or a format you need",
                        "Something else",
                    ),
                    fr=choices(
                        "Une consultation ou une enquête",
                        "Un problème sur ce site",
                        "L’accessibilité, ou un format dont vous avez besoin",
                        "Autre chose",
                    ),
                    ar=choices(
                        "استشارة أو استطلاع",
                        "مشكلة في هذا الموقع",
                        "سهولة الوصول أو صيغة تحتاجونها",
                        "موضوع آخر",
                    ),
                    sw=choices(
                        "Mashauriano au utafiti",
                        "Tatizo kwenye tovuti hii",
                        "Ufikivu, au muundo unaouhitaji",
                        "Jambo jingine",
                    ),
                ),
            ),
            field(
                pb("Your message", fr="Votre message", ar="رسالتكم", sw="Ujumbe wako"),
                "multiline",
            ),
            field(
                pb(
                    "Language for our reply",
                    fr="Langue de notre réponse",
                    ar="لغة ردّنا",
                    sw="Lugha ya jibu letu",
                ),
                "radio",
                required=False,
                # Each language is named in itself, so the list reads the same everywhere.
                choices=pb(
                    choices("English", "Français", "العربية", "Kiswahili"),
                    fr=choices("English", "Français", "العربية", "Kiswahili"),
                    ar=choices("English", "Français", "العربية", "Kiswahili"),
                    sw=choices("English", "Français", "العربية", "Kiswahili"),
                ),
            ),
        ],
        privacy_text=pb(
            "We use your name and e-mail address only to answer your message, and delete them "
            "two years after we reply.",
            fr="Nous utilisons votre nom et votre adresse e-mail uniquement pour répondre à "
            "votre message, et les supprimons deux ans après notre réponse.",
            ar="نستخدم اسمكم وعنوان بريدكم الإلكتروني فقط للرد على رسالتكم، ونحذفهما بعد "
            "سنتين من ردّنا.",
            sw="Tunatumia jina lako na anwani yako ya barua pepe tu kujibu ujumbe wako, na "
            "tunazifuta miaka miwili baada ya kukujibu.",
        ),
        thank_you_text=pb.p(
            "Thank you for your message. The engagement team will reply within five working days.",
            fr="Merci pour votre message. L’équipe participation vous répondra sous cinq jours "
            "ouvrés.",
            ar="شكرًا على رسالتكم. سيردّ عليكم فريق المشاركة المجتمعية خلال خمسة أيام عمل.",
            sw="Asante kwa ujumbe wako. Timu ya ushirikishwaji itakujibu ndani ya siku tano za "
            "kazi.",
        ),
        to_address="engagement@riverton.example",
        from_address=FROM_ADDRESS,
        subject=pb(
            "Townhall: new message from the contact form",
            fr="Townhall : nouveau message du formulaire de contact",
            ar="Townhall: رسالة جديدة من استمارة التواصل",
            sw="Townhall: ujumbe mpya kutoka fomu ya mawasiliano",
        ),
    )
    pb("contact", fr="contact", ar="contact", sw="wasiliana")
    demo.translate(page, pb)
    return page


def load_dataset_request(demo, home):
    page = demo.get_or_create_page(
        home,
        FormPage,
        "dataset-request",
        title=pb(
            "Request a dataset",
            fr="Demander un jeu de données",
            ar="طلب مجموعة بيانات",
            sw="Omba seti ya data",
        ),
        introduction=pb.p(
            "Riverton publishes the data behind its decisions on the open data portal: traffic "
            "and cycle counts, budgets, air quality, housing waiting lists. If what you need is "
            "not there yet, tell us and we will prepare it when the law allows.",
            fr="Riverton publie sur son portail de données ouvertes les données qui fondent "
            "ses décisions : comptages de circulation et de vélos, budgets, qualité de l’air, "
            "listes d’attente pour un logement. Si ce dont vous avez besoin n’y figure pas "
            "encore, dites-le-nous : nous le préparerons si la loi le permet.",
            ar="تنشر ريفرتون على بوابة البيانات المفتوحة البيانات التي تستند إليها قراراتها: "
            "أعداد حركة المرور والدراجات، والميزانيات، وجودة الهواء، وقوائم انتظار المساكن. "
            "وإن لم تجدوا ما تحتاجون إليه بعد، أخبرونا وسنُعدّه متى سمح القانون بذلك.",
            sw="Riverton huchapisha kwenye tovuti yake ya data huria data zinazotumika katika "
            "maamuzi yake: idadi ya magari na baiskeli, bajeti, ubora wa hewa, orodha za "
            "kusubiri nyumba. Ikiwa unachohitaji hakipo bado, tuambie na tutakiandaa pale "
            "sheria inaporuhusu.",
        )
        + pb.p(
            "We never release data that could identify a person. Most requests are answered "
            "within 20 working days.",
            fr="Nous ne diffusons jamais de données permettant d’identifier une personne. La "
            "plupart des demandes reçoivent une réponse sous 20 jours ouvrés.",
            ar="لا ننشر أبدًا بيانات قد تكشف هوية أي شخص. ويُجاب عن معظم الطلبات خلال 20 يوم عمل.",
            sw="Hatutoi kamwe data zinazoweza kumtambulisha mtu. Maombi mengi hujibiwa ndani ya "
            "siku 20 za kazi.",
        ),
        form_fields=[
            field(NAME, "singleline"),
            field(EMAIL, "email", help_text=EMAIL_HELP),
            field(
                pb("Organisation", fr="Organisme", ar="الجهة", sw="Taasisi"),
                "singleline",
                required=False,
                help_text=pb(
                    "Leave empty if you are asking as a private person.",
                    fr="Laissez vide si vous faites la demande à titre personnel.",
                    ar="اتركوا هذا الحقل فارغًا إن كنتم تقدّمون الطلب بصفتكم الشخصية.",
                    sw="Acha wazi ikiwa unaomba kama mtu binafsi.",
                ),
            ),
            field(
                pb(
                    "Which data would you like?",
                    fr="Quelles données souhaitez-vous ?",
                    ar="ما البيانات التي تريدونها؟",
                    sw="Unahitaji data gani?",
                ),
                "multiline",
                help_text=pb(
                    "For example: hourly cycle counts on the Wend bridges for 2023.",
                    fr="Par exemple : les comptages horaires de vélos sur les ponts de la Wend "
                    "en 2023.",
                    ar="مثلًا: الأعداد الساعية للدراجات على جسور نهر وِند في عام 2023.",
                    sw="Kwa mfano: idadi ya baiskeli kwa kila saa kwenye madaraja ya Mto Wend "
                    "kwa mwaka 2023.",
                ),
            ),
            field(
                pb(
                    "Period covered",
                    fr="Période concernée",
                    ar="الفترة المشمولة",
                    sw="Kipindi kinachohusika",
                ),
                "singleline",
                required=False,
                help_text=pb(
                    "For example: January 2020 to December 2024.",
                    fr="Par exemple : de janvier 2020 à décembre 2024.",
                    ar="مثلًا: من يناير 2020 إلى ديسمبر 2024.",
                    sw="Kwa mfano: Januari 2020 hadi Desemba 2024.",
                ),
            ),
            field(
                pb(
                    "Preferred format",
                    fr="Format souhaité",
                    ar="الصيغة المفضّلة",
                    sw="Muundo unaopendelea",
                ),
                "radio",
                choices=pb(
                    choices("CSV", "Excel (XLSX)", "JSON", "No preference"),
                    fr=choices("CSV", "Excel (XLSX)", "JSON", "Pas de préférence"),
                    ar=choices("CSV", "Excel (XLSX)", "JSON", "لا تفضيل"),
                    sw=choices("CSV", "Excel (XLSX)", "JSON", "Sina upendeleo"),
                ),
            ),
            field(
                pb(
                    "What will you use the data for?",
                    fr="À quoi serviront ces données ?",
                    ar="فيمَ ستستخدمون البيانات؟",
                    sw="Utatumia data hizi kwa ajili ya nini?",
                ),
                "dropdown",
                choices=pb(
                    choices(
                        "Research or study",
                        "Journalism",
                        "A business or an app",
                        "A community project",
                        "Personal interest",
                    ),
                    fr=choices(
                        "Recherche ou études",
                        "Journalisme",
                        "Une entreprise ou une application",
                        "Un projet associatif",
                        "Intérêt personnel",
                    ),
                    ar=choices(
                        "البحث أو الدراسة",
                        "الصحافة",
                        "نشاط تجاري أو تطبيق",
                        "مشروع مجتمعي",
                        "اهتمام شخصي",
                    ),
                    sw=choices(
                        "Utafiti au masomo",
                        "Uandishi wa habari",
                        "Biashara au programu",
                        "Mradi wa kijamii",
                        "Maslahi binafsi",
                    ),
                ),
            ),
            field(
                pb(
                    "You may publish my request, without my name, so that others can find the "
                    "data too.",
                    fr="Vous pouvez publier ma demande, sans mon nom, pour que d’autres puissent "
                    "aussi trouver ces données.",
                    ar="أوافق على نشر طلبي، من دون اسمي، ليتمكن آخرون أيضًا من العثور على البيانات.",
                    sw="Mnaweza kuchapisha ombi langu, bila jina langu, ili wengine nao waweze "
                    "kupata data hizi.",
                ),
                "checkbox",
                required=False,
            ),
        ],
        privacy_text=pb(
            "We use your name and e-mail address to answer your request and, if you ask a "
            "question about the data later, to find it again. We delete them two years after "
            "we reply.",
            fr="Nous utilisons votre nom et votre adresse e-mail pour répondre à votre demande "
            "et, si vous nous posez plus tard une question sur ces données, pour la retrouver. "
            "Nous les supprimons deux ans après notre réponse.",
            ar="نستخدم اسمكم وعنوان بريدكم الإلكتروني للرد على طلبكم، وللعثور عليه مجددًا إن "
            "سألتمونا لاحقًا عن البيانات. ونحذفهما بعد سنتين من ردّنا.",
            sw="Tunatumia jina lako na anwani yako ya barua pepe kujibu ombi lako na, ukituuliza "
            "baadaye kuhusu data hizo, kulipata tena. Tunazifuta miaka miwili baada ya "
            "kukujibu.",
        ),
        thank_you_text=pb.p(
            "Thank you. Your request has been sent to the open data team, who will reply "
            "within 20 working days.",
            fr="Merci. Votre demande a été transmise à l’équipe données ouvertes, qui vous "
            "répondra sous 20 jours ouvrés.",
            ar="شكرًا لكم. أُرسل طلبكم إلى فريق البيانات المفتوحة، وسيردّ عليكم خلال 20 يوم عمل.",
            sw="Asante. Ombi lako limetumwa kwa timu ya data huria, ambayo itakujibu ndani ya "
            "siku 20 za kazi.",
        ),
        to_address="opendata@riverton.example",
        from_address=FROM_ADDRESS,
        subject=pb(
            "Townhall: new dataset request",
            fr="Townhall : nouvelle demande de données",
            ar="Townhall: طلب بيانات جديد",
            sw="Townhall: ombi jipya la data",
        ),
    )
    pb("dataset-request", fr="demande-de-donnees", ar="dataset-request", sw="omba-data")
    demo.translate(page, pb)
    return page


def load_partnership(demo, home):
    topic_names = {
        code: choices(*(topic.name for topic in topics))
        for code, topics in _topics_by_language(demo).items()
    }
    page = demo.get_or_create_page(
        home,
        FormPage,
        "partnership",
        title=pb(
            "Propose a partnership",
            fr="Proposer un partenariat",
            ar="اقتراح شراكة",
            sw="Pendekeza ushirikiano",
        ),
        introduction=pb.p(
            "Residents’ associations, schools, charities and local businesses already run "
            "workshops, neighbourhood walks and surveys with the council. If you would like to "
            "reach people we rarely hear from, or to work with us on a topic you know well, "
            "tell us about your idea.",
            fr="Associations d’habitants, écoles, associations caritatives et commerces locaux "
            "organisent déjà des ateliers, des balades de quartier et des enquêtes avec la "
            "Ville. Si vous souhaitez toucher des personnes que nous entendons rarement, ou "
            "travailler avec nous sur un sujet que vous connaissez bien, présentez-nous votre "
            "idée.",
            ar="تنظّم جمعيات السكان والمدارس والجمعيات الخيرية والمتاجر المحلية بالفعل ورش عمل "
            "وجولات في الأحياء واستطلاعات بالتعاون مع المجلس. إن كنتم ترغبون في الوصول إلى "
            "أشخاص نادرًا ما نسمع أصواتهم، أو في العمل معنا على موضوع تعرفونه جيدًا، فحدّثونا "
            "عن فكرتكم.",
            sw="Vyama vya wakazi, shule, mashirika ya misaada na biashara za mtaani tayari "
            "huandaa warsha, matembezi ya mtaani na tafiti pamoja na Baraza la Jiji. Ikiwa "
            "ungependa kuwafikia watu ambao hatuwasikii mara nyingi, au kufanya kazi nasi "
            "kuhusu mada unayoifahamu vizuri, tueleze wazo lako.",
        ),
        form_fields=[
            field(
                pb(
                    "Name of your organisation",
                    fr="Nom de votre organisation",
                    ar="اسم جهتكم",
                    sw="Jina la taasisi yako",
                ),
                "singleline",
            ),
            field(
                pb(
                    "Contact person",
                    fr="Personne à contacter",
                    ar="الشخص المسؤول عن التواصل",
                    sw="Mtu wa kuwasiliana naye",
                ),
                "singleline",
            ),
            field(EMAIL, "email", help_text=EMAIL_HELP),
            field(
                pb(
                    "Phone number",
                    fr="Numéro de téléphone",
                    ar="رقم الهاتف",
                    sw="Namba ya simu",
                ),
                "singleline",
                required=False,
                help_text=pb(
                    "Only if you would rather we called you.",
                    fr="Seulement si vous préférez que nous vous appelions.",
                    ar="فقط إن كنتم تفضّلون أن نتصل بكم هاتفيًا.",
                    sw="Ikiwa tu ungependa tukupigie simu.",
                ),
            ),
            field(
                pb(
                    "Type of organisation",
                    fr="Type d’organisation",
                    ar="نوع الجهة",
                    sw="Aina ya taasisi",
                ),
                "dropdown",
                choices=pb(
                    choices(
                        "Community group or charity",
                        "School, college or university",
                        "Business",
                        "Public body",
                        "Other",
                    ),
                    fr=choices(
                        "Association ou collectif d’habitants",
                        "École, lycée ou université",
                        "Entreprise",
                        "Organisme public",
                        "Autre",
                    ),
                    ar=choices(
                        "مجموعة مجتمعية أو جمعية خيرية",
                        "مدرسة أو معهد أو جامعة",
                        "شركة",
                        "هيئة عامة",
                        "أخرى",
                    ),
                    sw=choices(
                        "Kikundi cha jamii au shirika la misaada",
                        "Shule, chuo au chuo kikuu",
                        "Biashara",
                        "Taasisi ya umma",
                        "Nyingine",
                    ),
                ),
            ),
            field(
                pb(
                    "Which topics does your proposal concern?",
                    fr="Quels thèmes votre proposition concerne-t-elle ?",
                    ar="ما المواضيع التي يتناولها اقتراحكم؟",
                    sw="Pendekezo lako linahusu mada zipi?",
                ),
                "checkboxes",
                required=False,
                choices=pb(topic_names["en"], **{c: topic_names[c] for c in demo.languages}),
            ),
            field(
                pb("Your proposal", fr="Votre proposition", ar="اقتراحكم", sw="Pendekezo lako"),
                "multiline",
                help_text=pb(
                    "What would you like to do with the council, for whom, where and when?",
                    fr="Que souhaitez-vous faire avec la Ville, pour qui, où et quand ?",
                    ar="ماذا تودّون أن تفعلوا مع المجلس، ولمن، وأين، ومتى؟",
                    sw="Ungependa kufanya nini pamoja na Baraza la Jiji, kwa ajili ya nani, wapi "
                    "na lini?",
                ),
            ),
            field(
                pb("Website", fr="Site internet", ar="الموقع الإلكتروني", sw="Tovuti"),
                "url",
                required=False,
            ),
        ],
        privacy_text=pb(
            "We use these details only to discuss your proposal with you, and delete them two "
            "years after our last exchange unless we start working together.",
            fr="Nous utilisons ces informations uniquement pour discuter de votre proposition "
            "avec vous, et les supprimons deux ans après notre dernier échange, sauf si nous "
            "commençons à travailler ensemble.",
            ar="نستخدم هذه المعلومات فقط لمناقشة اقتراحكم معكم، ونحذفها بعد سنتين من آخر تواصل "
            "بيننا، ما لم نبدأ العمل معًا.",
            sw="Tunatumia taarifa hizi tu kujadili pendekezo lako nawe, na tunazifuta miaka "
            "miwili baada ya mawasiliano yetu ya mwisho, isipokuwa tukianza kufanya kazi "
            "pamoja.",
        ),
        thank_you_text=pb.p(
            "Thank you for your proposal. A member of the engagement team will get in touch "
            "within ten working days to talk it through.",
            fr="Merci pour votre proposition. Un membre de l’équipe participation vous "
            "contactera sous dix jours ouvrés pour en discuter.",
            ar="شكرًا على اقتراحكم. سيتواصل معكم أحد أعضاء فريق المشاركة المجتمعية خلال عشرة "
            "أيام عمل لمناقشته.",
            sw="Asante kwa pendekezo lako. Mmoja wa timu ya ushirikishwaji atawasiliana nawe "
            "ndani ya siku kumi za kazi ili mlijadili.",
        ),
        to_address="partnerships@riverton.example",
        from_address=FROM_ADDRESS,
        subject=pb(
            "Townhall: new partnership proposal",
            fr="Townhall : nouvelle proposition de partenariat",
            ar="Townhall: اقتراح شراكة جديد",
            sw="Townhall: pendekezo jipya la ushirikiano",
        ),
    )
    pb("partnership", fr="partenariat", ar="partnership", sw="ushirikiano")
    demo.translate(page, pb)
    return page


def _topics_by_language(demo):
    """The topics' names in each language, in the same order (by their English slug)."""
    slugs = list(demo.topics)
    result = {}
    for code, locale in demo.locales.items():
        by_key = {topic.translation_key: topic for topic in Topic.objects.filter(locale=locale)}
        result[code] = [by_key[demo.topics[slug].translation_key] for slug in slugs]
    return result
