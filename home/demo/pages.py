"""About Townhall and the privacy notice: StandardPages made of blocks."""

from home.models import StandardPage

from .framework import Phrasebook

pb = Phrasebook()


def num(english, french):
    """A figure: French groups thousands with a narrow space and spaces the % sign."""
    return pb(english, fr=french, ar=english, sw=english)


def heading(text, level="h2"):
    return {"type": "heading", "value": {"text": text, "level": level}}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def ul(*items):
    return "<ul>" + "".join(items) + "</ul>"


def load_about(demo, home):
    image = demo.image(
        "riverton-drop-in",
        title="Drop-in session at Millbrook Library",
        motif="people",
        palette="dusk",
        description="Six residents around a table at a public meeting, sharing ideas",
    )
    body = [
        heading(
            pb(
                "What Townhall is for",
                fr="À quoi sert Townhall",
                ar="ما الغاية من منصة Townhall",
                sw="Townhall ni kwa ajili ya nini",
            )
        ),
        paragraph(
            pb.p(
                "Townhall is where Riverton City Council asks for your views before it decides, "
                "and reports back afterwards. Every engagement process follows the same cycle: "
                "we plan it in the open, let people across the city know about it, listen online "
                "and in person, analyse what we heard, and publish what we did with your "
                "feedback.",
                fr="Townhall est l’endroit où la Ville de Riverton vous demande votre avis avant "
                "de décider, puis vous rend compte de ce qu’elle en a fait. Chaque démarche de "
                "participation suit le même cycle : nous la préparons en toute transparence, la "
                "faisons connaître dans toute la ville, vous écoutons en ligne et en personne, "
                "analysons ce que nous avons entendu et publions la suite donnée à vos "
                "contributions.",
                ar="منصة Townhall هي المكان الذي يطلب فيه مجلس مدينة ريفرتون رأيكم قبل أن يقرّر، "
                "ثم يطلعكم على ما قام به. تمرّ كل عملية مشاركة بالدورة نفسها: نخطط لها بشفافية، "
                "ونعرّف بها في أنحاء المدينة كافة، ونستمع إليكم عبر الإنترنت وبشكل مباشر، "
                "ونحلّل ما سمعناه، ثم ننشر ما فعلناه بملاحظاتكم.",
                sw="Townhall ni mahali ambapo Baraza la Jiji la Riverton huomba maoni yako kabla "
                "ya kuamua, na kukupa mrejesho baadaye. Kila mchakato wa ushirikishwaji hufuata "
                "mzunguko uleule: tunaupanga kwa uwazi, tunautangaza kote jijini, tunasikiliza "
                "mtandaoni na ana kwa ana, tunachambua tuliyoyasikia, na tunachapisha tulichofanya "
                "kutokana na maoni yako.",
            )
            + pb.p(
                "Each process tells you how much influence you have:",
                fr="Chaque démarche indique clairement le niveau d’influence dont vous disposez :",
                ar="توضّح كل عملية مقدار التأثير الذي تملكونه:",
                sw="Kila mchakato unaeleza una ushawishi kiasi gani:",
            )
            + ul(
                pb.li(
                    "<b>Inform</b>: we explain a decision that has been taken, and why.",
                    fr="<b>Informer</b> : nous expliquons une décision déjà prise, et pourquoi.",
                    ar="<b>الإعلام</b>: نشرح قرارًا اتُّخذ وأسبابه.",
                    sw="<b>Kujulisha</b>: tunaeleza uamuzi uliokwisha kufanywa, na sababu zake.",
                ),
                pb.li(
                    "<b>Consult</b>: we ask for your comments on a draft before we decide.",
                    fr="<b>Consulter</b> : nous recueillons vos commentaires sur un projet avant "
                    "de décider.",
                    ar="<b>الاستشارة</b>: نطلب تعليقاتكم على مسودة قبل أن نقرّر.",
                    sw="<b>Kushauriana</b>: tunaomba maoni yako kuhusu rasimu kabla ya kuamua.",
                ),
                pb.li(
                    "<b>Co-create</b>: residents and council officers write the proposal together.",
                    fr="<b>Co-construire</b> : habitants et agents de la Ville rédigent la "
                    "proposition ensemble.",
                    ar="<b>المشاركة في الإعداد</b>: يكتب السكان وموظفو المجلس المقترح معًا.",
                    sw="<b>Kuandaa pamoja</b>: wakazi na maafisa wa Baraza la Jiji huandika "
                    "pendekezo kwa pamoja.",
                ),
            )
        ),
        {
            "type": "image",
            "value": {
                "image": {
                    "image": image.pk,
                    "alt_text": pb(
                        "Six residents around a table at a public meeting, sharing ideas",
                        fr="Six habitants autour d’une table lors d’une réunion publique, "
                        "échangeant leurs idées",
                        ar="ستة من السكان حول طاولة في اجتماع عام يتبادلون الأفكار",
                        sw="Wakazi sita wakiwa wamekaa mezani katika mkutano wa hadhara, "
                        "wakibadilishana mawazo",
                    ),
                    "decorative": False,
                },
                "caption": pb(
                    "A drop-in session on the riverside park plan at Millbrook Library.",
                    fr="Une permanence consacrée au projet de parc des berges, à la "
                    "bibliothèque de Millbrook.",
                    ar="جلسة مفتوحة حول مشروع حديقة ضفة النهر في مكتبة ميلبروك.",
                    sw="Kikao cha wazi kuhusu mpango wa bustani ya kando ya mto, katika Maktaba "
                    "ya Millbrook.",
                ),
                "attribution": pb(
                    "Illustration: Riverton City Council",
                    fr="Illustration : Ville de Riverton",
                    ar="رسم توضيحي: مجلس مدينة ريفرتون",
                    sw="Mchoro: Baraza la Jiji la Riverton",
                ),
            },
        },
        heading(
            pb(
                "Online and in person",
                fr="En ligne et en personne",
                ar="عبر الإنترنت وبشكل مباشر",
                sw="Mtandaoni na ana kwa ana",
            )
        ),
        paragraph(
            pb.p(
                "Not everybody wants to comment on a website. Council officers bring paper forms "
                "to libraries, markets and community centres, and type in what people write and "
                "say at public meetings. These contributions are counted alongside online ones "
                "in every report.",
                fr="Tout le monde n’a pas envie de commenter sur un site internet. Les agents de "
                "la Ville apportent des formulaires papier dans les bibliothèques, sur les "
                "marchés et dans les maisons de quartier, et saisissent ce qui est écrit et dit "
                "lors des réunions publiques. Ces contributions sont comptées avec celles reçues "
                "en ligne, dans chaque bilan.",
                ar="لا يرغب الجميع في التعليق عبر موقع إلكتروني. لذلك يحمل موظفو المجلس استمارات "
                "ورقية إلى المكتبات والأسواق والمراكز المجتمعية، ويُدخلون ما يكتبه الناس وما "
                "يقولونه في الاجتماعات العامة. وتُحتسب هذه المساهمات إلى جانب المساهمات "
                "الإلكترونية في كل تقرير.",
                sw="Si kila mtu anataka kutoa maoni kupitia tovuti. Maafisa wa Baraza la Jiji "
                "hupeleka fomu za karatasi kwenye maktaba, masoko na vituo vya jamii, na huingiza "
                "kwenye mfumo yale ambayo watu huandika na kusema katika mikutano ya hadhara. "
                "Michango hii huhesabiwa pamoja na ile ya mtandaoni katika kila ripoti.",
            )
        ),
        {
            "type": "quote",
            "value": {
                "text": pb(
                    "For the first time, I could see exactly which of our suggestions made it into "
                    "the plan, and why the others did not.",
                    fr="Pour la première fois, j’ai pu voir exactement lesquelles de nos "
                    "propositions avaient été retenues dans le projet, et pourquoi les autres ne "
                    "l’avaient pas été.",
                    ar="للمرة الأولى، استطعت أن أرى بالضبط أيًّا من اقتراحاتنا أُدرج في الخطة، "
                    "ولماذا لم تُدرج الاقتراحات الأخرى.",
                    sw="Kwa mara ya kwanza, niliweza kuona hasa ni mapendekezo yetu yapi "
                    "yaliingizwa kwenye mpango, na kwa nini mengine hayakuingizwa.",
                ),
                "attribution": pb(
                    "Amina Yusuf, Eastgate Residents’ Association",
                    fr="Amina Yusuf, association des habitants d’Eastgate",
                    ar="أمينة يوسف، جمعية سكان إيستغيت",
                    sw="Amina Yusuf, Chama cha Wakazi wa Eastgate",
                ),
            },
        },
        heading(
            pb(
                "Participation in 2024",
                fr="La participation en 2024",
                ar="المشاركة في عام 2024",
                sw="Ushiriki mwaka 2024",
            )
        ),
        {
            "type": "table",
            "value": {
                "caption": pb(
                    "Contributions received in 2024, by channel",
                    fr="Contributions reçues en 2024, par canal",
                    ar="المساهمات الواردة في عام 2024 حسب القناة",
                    sw="Michango iliyopokelewa mwaka 2024, kwa njia",
                ),
                "table": {
                    # Cells are translated once the table block offers them to
                    # wagtail-localize; figures without letters stay as they are.
                    "data": [
                        [
                            pb("Channel", fr="Canal", ar="القناة", sw="Njia"),
                            pb("Contributions", fr="Contributions", ar="المساهمات", sw="Michango"),
                            pb("Share", fr="Part", ar="النسبة", sw="Sehemu"),
                        ],
                        [
                            pb("Online", fr="En ligne", ar="عبر الإنترنت", sw="Mtandaoni"),
                            num("6,412", "6 412"),
                            num("71%", "71 %"),
                        ],
                        [
                            pb(
                                "Paper forms",
                                fr="Formulaires papier",
                                ar="الاستمارات الورقية",
                                sw="Fomu za karatasi",
                            ),
                            num("1,538", "1 538"),
                            num("17%", "17 %"),
                        ],
                        [
                            pb(
                                "Public meetings",
                                fr="Réunions publiques",
                                ar="الاجتماعات العامة",
                                sw="Mikutano ya hadhara",
                            ),
                            "812",
                            num("9%", "9 %"),
                        ],
                        [
                            pb(
                                "E-mail and phone",
                                fr="E-mail et téléphone",
                                ar="البريد الإلكتروني والهاتف",
                                sw="Barua pepe na simu",
                            ),
                            "271",
                            num("3%", "3 %"),
                        ],
                        [
                            pb("Total", fr="Total", ar="المجموع", sw="Jumla"),
                            num("9,033", "9 033"),
                            num("100%", "100 %"),
                        ],
                    ],
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": "",
                },
            },
        },
        heading(
            pb(
                "Four languages",
                fr="Quatre langues",
                ar="أربع لغات",
                sw="Lugha nne",
            )
        ),
        paragraph(
            pb.p(
                "One resident in five speaks a language other than English at home; French, "
                "Arabic and Swahili are the most common. Every page of Townhall is published in "
                "all four, and you can comment in whichever you prefer: a comment shows on the "
                "same paragraph in every language version of a document.",
                fr="Un habitant sur cinq parle chez lui une autre langue que l’anglais ; le "
                "français, l’arabe et le swahili sont les plus répandues. Chaque page de Townhall "
                "est publiée dans ces quatre langues, et vous pouvez commenter dans celle de "
                "votre choix : un commentaire s’affiche sur le même paragraphe dans toutes les "
                "versions linguistiques d’un document.",
                ar="يتحدث واحد من كل خمسة سكان لغة غير الإنجليزية في منزله، وأكثرها انتشارًا "
                "الفرنسية والعربية والسواحيلية. تُنشر كل صفحة من صفحات Townhall باللغات الأربع، "
                "ويمكنكم التعليق باللغة التي تفضّلونها: يظهر التعليق على الفقرة نفسها في جميع "
                "النسخ اللغوية للوثيقة.",
                sw="Mkazi mmoja kati ya watano huzungumza nyumbani lugha nyingine isiyo "
                "Kiingereza; Kifaransa, Kiarabu na Kiswahili ndizo zinazozungumzwa zaidi. Kila "
                "ukurasa wa Townhall huchapishwa kwa lugha zote nne, na unaweza kutoa maoni "
                "kwa lugha unayoipenda: maoni huonekana kwenye aya ileile katika kila toleo la "
                "lugha la hati husika.",
            )
        ),
        {
            "type": "call_to_action",
            "value": {
                "title": pb(
                    "A question or an idea?",
                    fr="Une question ou une idée ?",
                    ar="هل لديكم سؤال أو فكرة؟",
                    sw="Una swali au wazo?",
                ),
                "text": pb(
                    "Write to the engagement team. We answer within five working days.",
                    fr="Écrivez à l’équipe participation. Nous répondons sous cinq jours ouvrés.",
                    ar="راسلوا فريق المشاركة المجتمعية، وسنردّ عليكم خلال خمسة أيام عمل.",
                    sw="Andikia timu ya ushirikishwaji. Tunajibu ndani ya siku tano za kazi.",
                ),
                "button_text": pb(
                    "Contact us", fr="Nous écrire", ar="راسلونا", sw="Wasiliana nasi"
                ),
                "page": demo.pages["contact"].pk,
                "url": "",
            },
        },
    ]
    page = demo.get_or_create_page(
        home,
        StandardPage,
        "about",
        title=pb(
            "About Townhall",
            fr="À propos de Townhall",
            ar="عن منصة Townhall",
            sw="Kuhusu Townhall",
        ),
        introduction=pb(
            "Townhall is Riverton City Council’s participation platform: one place to find "
            "every consultation, take part in your language and see what happened next.",
            fr="Townhall est la plateforme de participation de la Ville de Riverton : un seul "
            "endroit pour trouver toutes les consultations, participer dans votre langue et "
            "connaître la suite donnée.",
            ar="Townhall هي منصة المشاركة التابعة لمجلس مدينة ريفرتون: مكان واحد تجدون فيه كل "
            "الاستشارات، وتشاركون بلغتكم، وتعرفون ما حدث بعد ذلك.",
            sw="Townhall ni jukwaa la ushirikishwaji la Baraza la Jiji la Riverton: mahali pamoja "
            "pa kupata kila mashauriano, kushiriki kwa lugha yako na kuona kilichofuata.",
        ),
        body=body,
        search_description=pb(
            "How Riverton City Council involves residents in its decisions, online and in "
            "person, in English, French, Arabic and Swahili.",
            fr="Comment la Ville de Riverton associe les habitants à ses décisions, en ligne et "
            "en personne, en anglais, en français, en arabe et en swahili.",
            ar="كيف يُشرك مجلس مدينة ريفرتون السكان في قراراته، عبر الإنترنت وبشكل مباشر، "
            "بالإنجليزية والفرنسية والعربية والسواحيلية.",
            sw="Jinsi Baraza la Jiji la Riverton linavyowashirikisha wakazi katika maamuzi yake, "
            "mtandaoni na ana kwa ana, kwa Kiingereza, Kifaransa, Kiarabu na Kiswahili.",
        ),
    )
    pb("about", fr="a-propos", ar="about", sw="kuhusu")
    demo.translate(page, pb)
    return page


def load_privacy(demo, home):
    body = [
        heading(
            pb(
                "Who is responsible for your data",
                fr="Qui est responsable de vos données",
                ar="الجهة المسؤولة عن بياناتكم",
                sw="Nani anawajibika kwa data yako",
            )
        ),
        paragraph(
            pb.p(
                "Riverton City Council, City Hall, 1 Market Square, Riverton, is the controller "
                "of the personal data collected on this website. You can reach our data "
                'protection officer at <a href="mailto:dpo@riverton.example">'
                "dpo@riverton.example</a>.",
                fr="La Ville de Riverton, hôtel de ville, 1 Market Square, Riverton, est "
                "responsable du traitement des données personnelles recueillies sur ce site. "
                "Vous pouvez joindre notre délégué à la protection des données à l’adresse "
                "<a>dpo@riverton.example</a>.",
                ar="مجلس مدينة ريفرتون، مبنى البلدية، 1 ماركت سكوير، ريفرتون، هو الجهة المسؤولة "
                "عن معالجة البيانات الشخصية التي تُجمع على هذا الموقع. يمكنكم التواصل مع مسؤول "
                "حماية البيانات لدينا على العنوان <a>dpo@riverton.example</a>.",
                sw="Baraza la Jiji la Riverton, Ukumbi wa Jiji, 1 Market Square, Riverton, ndilo "
                "mdhibiti wa data binafsi inayokusanywa kwenye tovuti hii. Unaweza kumfikia afisa "
                "wetu wa ulinzi wa data kupitia <a>dpo@riverton.example</a>.",
            )
        ),
        heading(
            pb(
                "What we collect and why",
                fr="Ce que nous recueillons et pourquoi",
                ar="ما الذي نجمعه ولماذا",
                sw="Tunakusanya nini na kwa nini",
            )
        ),
        paragraph(
            ul(
                pb.li(
                    "<b>Comments and proposals</b>: the text you write, the language you wrote "
                    "in and the date. We use them to understand what residents think, and we "
                    "publish them on this site.",
                    fr="<b>Commentaires et propositions</b> : le texte que vous écrivez, la "
                    "langue utilisée et la date. Nous les utilisons pour comprendre l’avis des "
                    "habitants et les publions sur ce site.",
                    ar="<b>التعليقات والمقترحات</b>: النص الذي تكتبونه، واللغة التي كتبتم بها، "
                    "والتاريخ. نستخدمها لفهم آراء السكان، وننشرها على هذا الموقع.",
                    sw="<b>Maoni na mapendekezo</b>: maandishi unayoandika, lugha uliyotumia na "
                    "tarehe. Tunayatumia kuelewa wakazi wanafikiri nini, na tunayachapisha "
                    "kwenye tovuti hii.",
                ),
                pb.li(
                    "<b>Your e-mail address</b>, if you give it: to confirm your comment, to tell "
                    "you what we did with your feedback if you ask us to, and to send you the "
                    "newsletter you signed up for.",
                    fr="<b>Votre adresse e-mail</b>, si vous la donnez : pour confirmer votre "
                    "commentaire, pour vous dire ce que nous avons fait de vos contributions si "
                    "vous le souhaitez, et pour vous envoyer la lettre d’information à laquelle "
                    "vous êtes abonné.",
                    ar="<b>عنوان بريدكم الإلكتروني</b>، إن قدّمتموه: لتأكيد تعليقكم، ولإخباركم "
                    "بما فعلناه بملاحظاتكم إن طلبتم ذلك، ولإرسال النشرة الإخبارية التي اشتركتم "
                    "فيها.",
                    sw="<b>Anwani yako ya barua pepe</b>, ukiitoa: ili kuthibitisha maoni yako, "
                    "kukueleza tulichofanya na mrejesho wako ukituomba, na kukutumia jarida "
                    "ulilojisajili kupokea.",
                ),
                pb.li(
                    "<b>Forms</b> (contact, dataset request, partnership proposal): the details "
                    "you enter, so that we can answer you.",
                    fr="<b>Formulaires</b> (contact, demande de données, proposition de "
                    "partenariat) : les informations que vous saisissez, afin de pouvoir vous "
                    "répondre.",
                    ar="<b>الاستمارات</b> (التواصل، وطلب البيانات، واقتراح الشراكة): المعلومات "
                    "التي تُدخلونها، لكي نتمكن من الرد عليكم.",
                    sw="<b>Fomu</b> (mawasiliano, maombi ya data, pendekezo la ushirikiano): "
                    "taarifa unazojaza, ili tuweze kukujibu.",
                ),
                pb.li(
                    "<b>Optional details</b> such as your district or age group, only when a "
                    "process asks for them, to check that we hear from every part of the city. "
                    "They are never published next to your name.",
                    fr="<b>Informations facultatives</b>, comme votre quartier ou votre tranche "
                    "d’âge, uniquement lorsqu’une démarche les demande, pour vérifier que nous "
                    "entendons tous les quartiers de la ville. Elles ne sont jamais publiées à "
                    "côté de votre nom.",
                    ar="<b>معلومات اختيارية</b> مثل الحي الذي تسكنونه أو فئتكم العمرية، فقط "
                    "عندما تطلبها إحدى العمليات، للتأكد من أننا نستمع إلى جميع أنحاء المدينة. "
                    "ولا تُنشر أبدًا إلى جانب أسمائكم.",
                    sw="<b>Taarifa za hiari</b> kama mtaa unaoishi au kundi lako la umri, pale tu "
                    "mchakato unapoziomba, ili kuhakikisha tunasikia kutoka kila sehemu ya jiji. "
                    "Hazichapishwi kamwe pamoja na jina lako.",
                ),
                pb.li(
                    "<b>Technical data</b>: our server keeps access logs (IP address, page, time) "
                    "for security. We use no advertising or tracking cookies; the only cookies "
                    "keep you signed in and protect forms against forgery.",
                    fr="<b>Données techniques</b> : notre serveur conserve des journaux d’accès "
                    "(adresse IP, page, heure) pour des raisons de sécurité. Nous n’utilisons "
                    "aucun cookie publicitaire ni de suivi ; les seuls cookies servent à "
                    "maintenir votre connexion et à protéger les formulaires contre la "
                    "falsification.",
                    ar="<b>البيانات التقنية</b>: يحتفظ خادمنا بسجلات الدخول (عنوان IP، والصفحة، "
                    "والوقت) لأغراض أمنية. لا نستخدم أي ملفات تعريف ارتباط إعلانية أو للتتبّع؛ "
                    "فملفات تعريف الارتباط الوحيدة تُبقيكم مسجّلين وتحمي الاستمارات من التزوير.",
                    sw="<b>Data za kiufundi</b>: seva yetu huhifadhi kumbukumbu za matumizi "
                    "(anwani ya IP, ukurasa, muda) kwa sababu za usalama. Hatutumii vidakuzi vya "
                    "matangazo wala vya kufuatilia; vidakuzi pekee tunavyotumia hukuweka "
                    "umeingia na hulinda fomu dhidi ya ughushi.",
                ),
            )
        ),
        heading(
            pb(
                "Legal basis",
                fr="Base légale",
                ar="الأساس القانوني",
                sw="Msingi wa kisheria",
            )
        ),
        paragraph(
            pb.p(
                "We process your data to carry out our public task of involving residents in "
                "local decisions. Newsletters and follow-up e-mails are sent only with your "
                "consent, which you can withdraw at any time with the link at the bottom of "
                "each e-mail.",
                fr="Nous traitons vos données pour exercer notre mission de service public : "
                "associer les habitants aux décisions locales. Les lettres d’information et les "
                "e-mails de suivi ne vous sont envoyés qu’avec votre consentement, que vous "
                "pouvez retirer à tout moment grâce au lien figurant en bas de chaque e-mail.",
                ar="نعالج بياناتكم لأداء مهمتنا العامة المتمثلة في إشراك السكان في القرارات "
                "المحلية. ولا نرسل النشرات الإخبارية ورسائل المتابعة إلا بموافقتكم، ويمكنكم "
                "سحبها في أي وقت عبر الرابط الموجود أسفل كل رسالة.",
                sw="Tunachakata data yako ili kutekeleza jukumu letu la umma la kuwashirikisha "
                "wakazi katika maamuzi ya eneo lao. Majarida na barua pepe za ufuatiliaji "
                "hutumwa tu kwa ridhaa yako, ambayo unaweza kuiondoa wakati wowote kupitia "
                "kiungo kilicho chini ya kila barua pepe.",
            )
        ),
        heading(
            pb(
                "How long we keep it",
                fr="Durée de conservation",
                ar="مدة الاحتفاظ بالبيانات",
                sw="Tunaihifadhi kwa muda gani",
            )
        ),
        paragraph(
            ul(
                pb.li(
                    "Comments and proposals: as long as the process page is online, and at most "
                    "ten years; after that they remain only in anonymous statistics.",
                    fr="Commentaires et propositions : tant que la page de la démarche est en "
                    "ligne, et dix ans au plus ; ensuite, ils ne subsistent que dans des "
                    "statistiques anonymes.",
                    ar="التعليقات والمقترحات: ما دامت صفحة العملية منشورة، وبحدّ أقصى عشر سنوات؛ "
                    "وبعد ذلك لا تبقى إلا في إحصاءات مجهولة الهوية.",
                    sw="Maoni na mapendekezo: muda wote ukurasa wa mchakato ukiwa mtandaoni, na "
                    "kwa kiwango cha juu miaka kumi; baada ya hapo hubaki tu katika takwimu "
                    "zisizotaja majina.",
                ),
                pb.li(
                    "E-mail addresses given for feedback: until the feedback is published, and "
                    "six months after that.",
                    fr="Adresses e-mail données pour connaître la suite donnée aux contributions : "
                    "jusqu’à sa publication, puis six mois.",
                    ar="عناوين البريد الإلكتروني المقدَّمة لمعرفة ما فعلناه بالملاحظات: حتى نشر ما "
                    "فعلناه بها، ثم ستة أشهر بعد ذلك.",
                    sw="Anwani za barua pepe zilizotolewa ili kupata mrejesho: hadi mrejesho "
                    "uchapishwe, na miezi sita baada ya hapo.",
                ),
                pb.li(
                    "Newsletter subscriptions: until you unsubscribe. Sign-ups that are never "
                    "confirmed are deleted after 30 days.",
                    fr="Abonnements à la lettre d’information : jusqu’à votre désabonnement. "
                    "Les inscriptions jamais confirmées sont supprimées au bout de 30 jours.",
                    ar="الاشتراكات في النشرة الإخبارية: حتى تلغوا اشتراككم. وتُحذف الاشتراكات "
                    "التي لم تُؤكَّد بعد 30 يومًا.",
                    sw="Usajili wa jarida: hadi utakapojiondoa. Usajili ambao haujathibitishwa "
                    "hufutwa baada ya siku 30.",
                ),
                pb.li(
                    "Messages sent through our forms: two years after we answer.",
                    fr="Messages envoyés par nos formulaires : deux ans après notre réponse.",
                    ar="الرسائل المرسلة عبر استماراتنا: سنتان بعد ردّنا عليها.",
                    sw="Ujumbe uliotumwa kupitia fomu zetu: miaka miwili baada ya kujibu.",
                ),
                pb.li(
                    "Server logs: 90 days.",
                    fr="Journaux du serveur : 90 jours.",
                    ar="سجلات الخادم: 90 يومًا.",
                    sw="Kumbukumbu za seva: siku 90.",
                ),
            )
        ),
        heading(
            pb(
                "Who sees your data",
                fr="Qui a accès à vos données",
                ar="من يطّلع على بياناتكم",
                sw="Nani anaona data yako",
            )
        ),
        paragraph(
            pb.p(
                "Only the council staff who run each process and its moderators. We never sell "
                "your data and share it with nobody else unless the law requires us to. Our "
                "hosting provider stores the data on our behalf, in data centres in our own "
                "country, under a contract that forbids any other use.",
                fr="Seuls les agents de la Ville qui conduisent chaque démarche et ses "
                "modérateurs. Nous ne vendons jamais vos données et ne les communiquons à "
                "personne d’autre, sauf obligation légale. Notre hébergeur les stocke pour notre "
                "compte, dans des centres de données situés dans notre pays, en vertu d’un "
                "contrat qui interdit toute autre utilisation.",
                ar="يطّلع عليها فقط موظفو المجلس الذين يديرون كل عملية ومشرفوها. لا نبيع بياناتكم "
                "أبدًا، ولا نشاركها مع أي جهة أخرى إلا إذا ألزمنا القانون بذلك. ويخزّنها مزوّد "
                "الاستضافة نيابةً عنا في مراكز بيانات داخل بلدنا، بموجب عقد يحظر أي استخدام آخر "
                "لها.",
                sw="Ni wafanyakazi wa Baraza la Jiji wanaoendesha kila mchakato na wasimamizi wake "
                "pekee. Hatuuzi kamwe data yako wala hatumpi mtu mwingine isipokuwa sheria "
                "inapotulazimu. Mtoa huduma wetu wa uhifadhi huihifadhi kwa niaba yetu, katika "
                "vituo vya data vilivyoko nchini mwetu, chini ya mkataba unaokataza matumizi "
                "mengine yoyote.",
            )
        ),
        heading(
            pb(
                "Your rights",
                fr="Vos droits",
                ar="حقوقكم",
                sw="Haki zako",
            )
        ),
        paragraph(
            pb.p(
                "You can ask to see the personal data we hold about you, to correct it, to "
                "delete it or to restrict how we use it, and you can object to its use. Write to "
                "our data protection officer; we answer within one month. If you are not "
                "satisfied with our answer, you can complain to the national data protection "
                "authority.",
                fr="Vous pouvez demander à consulter les données personnelles que nous détenons "
                "sur vous, à les rectifier, à les effacer ou à en limiter l’utilisation, et vous "
                "pouvez vous opposer à leur traitement. Écrivez à notre délégué à la protection "
                "des données ; nous répondons dans un délai d’un mois. Si notre réponse ne vous "
                "satisfait pas, vous pouvez saisir l’autorité nationale de protection des "
                "données.",
                ar="يحق لكم طلب الاطلاع على البيانات الشخصية التي نحتفظ بها عنكم، أو تصحيحها، أو "
                "حذفها، أو تقييد استخدامها، كما يحق لكم الاعتراض على استخدامها. راسلوا مسؤول "
                "حماية البيانات لدينا، وسنرد خلال شهر واحد. وإن لم يُرضِكم ردّنا، يمكنكم تقديم "
                "شكوى إلى الهيئة الوطنية لحماية البيانات.",
                sw="Unaweza kuomba kuona data binafsi tunayoshikilia kukuhusu, kuirekebisha, "
                "kuifuta au kuweka mipaka jinsi tunavyoitumia, na unaweza kupinga matumizi yake. "
                "Mwandikie afisa wetu wa ulinzi wa data; tunajibu ndani ya mwezi mmoja. Ikiwa "
                "hujaridhika na jibu letu, unaweza kuwasilisha malalamiko kwa mamlaka ya taifa "
                "ya ulinzi wa data.",
            )
        ),
        heading(
            pb(
                "Changes to this notice",
                fr="Modifications de cette politique",
                ar="التعديلات على هذا الإشعار",
                sw="Mabadiliko ya taarifa hii",
            )
        ),
        paragraph(
            pb.p(
                "We last updated this notice on 3 March 2025. If we change it in a way that "
                "matters to you, we will say so on the home page.",
                fr="Cette politique a été mise à jour pour la dernière fois le 3 mars 2025. Si "
                "nous la modifions sur un point important pour vous, nous l’indiquerons sur la "
                "page d’accueil.",
                ar="جرى آخر تحديث لهذا الإشعار في 3 مارس 2025. وإذا عدّلناه تعديلًا يهمّكم، "
                "فسنعلن ذلك على الصفحة الرئيسية.",
                sw="Tulisasisha taarifa hii mara ya mwisho tarehe 3 Machi 2025. Tukiibadilisha "
                "kwa namna inayokuhusu, tutatangaza kwenye ukurasa wa mwanzo.",
            )
        ),
        {
            "type": "call_to_action",
            "value": {
                "title": pb(
                    "Questions about your data?",
                    fr="Des questions sur vos données ?",
                    ar="هل لديكم أسئلة حول بياناتكم؟",
                    sw="Una maswali kuhusu data yako?",
                ),
                "text": pb(
                    "Our data protection officer answers within one month.",
                    fr="Notre délégué à la protection des données vous répond sous un mois.",
                    ar="يردّ مسؤول حماية البيانات لدينا خلال شهر واحد.",
                    sw="Afisa wetu wa ulinzi wa data hujibu ndani ya mwezi mmoja.",
                ),
                "button_text": pb("Write to us", fr="Nous écrire", ar="راسلونا", sw="Tuandikie"),
                "page": demo.pages["contact"].pk,
                "url": "",
            },
        },
    ]
    page = demo.get_or_create_page(
        home,
        StandardPage,
        "privacy",
        title=pb(
            "Privacy notice",
            fr="Politique de confidentialité",
            ar="إشعار الخصوصية",
            sw="Taarifa ya faragha",
        ),
        introduction=pb(
            "What personal data Riverton City Council collects through Townhall, why, on what "
            "legal basis, how long we keep it, and your rights.",
            fr="Quelles données personnelles la Ville de Riverton recueille sur Townhall, "
            "pourquoi, sur quelle base légale, combien de temps nous les conservons, et quels "
            "sont vos droits.",
            ar="ما البيانات الشخصية التي يجمعها مجلس مدينة ريفرتون عبر منصة Townhall، ولماذا، "
            "وعلى أي أساس قانوني، وكم من الوقت نحتفظ بها، وما حقوقكم.",
            sw="Ni data gani binafsi ambayo Baraza la Jiji la Riverton hukusanya kupitia "
            "Townhall, kwa nini, kwa msingi gani wa kisheria, tunaihifadhi kwa muda gani, na "
            "haki zako.",
        ),
        body=body,
    )
    pb("privacy", fr="confidentialite", ar="privacy", sw="faragha")
    demo.translate(page, pb)
    return page
