"""Spanish crisis and danger-sign patterns, over normalised text (lower case, accents
removed: "respiración" -> "respiracion"), with Latin American wording and common typos."""

from __future__ import annotations

import re

from bot.safety.rules import LanguageRules, alternatives, compile_all

PERSON = alternatives(
    "mama mami madre papa papi padre hijo hija esposo esposa marido mujer pareja nino nina "
    "bebe nene nena amigo amiga hermano hermana abuelo abuela abuelito abuelita nieto nieta "
    "tio tia primo prima vecino vecina paciente suegro suegra novio novia senor senora"
)
MEDICINE = alternatives(
    "pastillas? pildoras? medicinas? medicamentos? tabletas? pills pastis baclofeno "
    "baclofen artane trihexifenidilo cogentin benztropina clonazepam clonazepan rivotril "
    "klonopin diazepam valium lorazepam alprazolam xanax tetrabenazina levodopa sinemet "
    "gabapentina tramadol oxicodona morfina tylenol paracetamol acetaminofen ibuprofeno "
    "insulina"
)
INJECTION = r"(?:botox|toxina|inyecci\w*|dysport|xeomin|myobloc|vacuna|piquete)"
STROKE = r"(?:derrame(?: cerebral)?|embolia|ictus|infarto cerebral|accidente cerebrovascular)"
TOO_MUCH = (
    r"(?:muchas|muchos|demasiad\w*|todas|todos|un frasco|una caja|un monton|varias|el doble"
    r"|doble|triple|\d+|un punado|toda la caja|todo el frasco)"
)

CRISIS = compile_all(
    [
        r"\bsuicid\w*",
        r"\b(?:tiene|tengo) (?:una )?(?:pistola|arma|escopeta)\b|\bcontra (?:el|ella|mi|si) mism",
        r"\b(?:quemaduras|cortadas|cortes) en (?:las|los|sus|mis)\b",
        r"\bmatar(?:me|se|te)\b|\b(?:me|se|te) (?:quiero|quiere|quieres|voy a|va a|vas a) matar",
        r"\bquitar(?:me|se|le)? la vida|\bacabar con (?:todo|mi vida|su vida|esto de una vez)",
        r"\b(?:quiero|quisiera|quiere|deseo|ganas de|prefiero|preferiria|prefiere|quisiera) "
        r"(?:morir\w*|estar muert\w*|desaparecer|dejar de vivir|no existir)",
        r"\b(?:me|se) (?:(?:qu|k|q)iero|quiere|queria|quisiera) morir|\b(?:qu|k|q)iero morir"
        r"|\bmejor me muero|\bojala me muera|\b(?:cansad|hart)[oa] de (?:vivir|la vida|estar vivo)",
        r"\b(?:pense|pensado|pienso|planeado|plane) (?:en )?como hacerlo",
        r"\b(?:se|me) (?:esta|estaba) haciendo dano|\bcortadas en (?:las|los|sus|mis)",
        r"\b(?:golpe\w*|pego|pegue|corto|corte|quemo|queme|lastim\w*)\b.{0,30}\ba proposito"
        r"|\ba proposito\b.{0,30}\b(?:golpe\w*|pego|corto|quemo|lastimo|dano)",
        r"\b(?:me (?:voy a )?tomo|tomarme|me voy a tomar|me tomare) (?:todas|todo el frasco"
        r"|toda la caja)",
        r"\bno (?:quiero|quiere|queria) (?:vivir|seguir|estar aqui|despertar|existir|estar viv)",
        r"\b(?:no (?:le )?veo|sin|no tiene|no le encuentro) (?:ningun )?sentido (?:a )?(?:vivir"
        r"|seguir|nada"
        r"|la vida|mi vida)|\bpara que seguir\b",
        r"\b(?:mejor|mejor estarian|estarian mejor|estarias mejor) (?:sin mi|muert\w*)"
        r"|\bestar\w* mejor sin mi",
        r"\bnadie (?:me|lo|la) (?:extranaria|extrañaria|echaria de menos|va a extranar|extranara"
        r"|notaria)",
        r"\b(?:hacer(?:me|se)|me hago|se hace|me hice|se hizo|me he hecho) dano",
        r"\bcortar(?:me|se)\b|\bme (?:corto|corte)\b|\bse (?:corta|corto|esta cortando)"
        r"|\bcortandose\b|\bquemar(?:me|se)\b|\b(?:me|se) (?:estoy|esta|estaba|sigo|sigue)"
        r" cortando(?=\s*(?:$|[.,;!]|otra vez|de nuevo|los brazos|las munecas|las piernas|y no))",
        r"\bdespedirme\b(?! de)(?=.{0,40}\bgracias por todo\b)",
        r"\bcartas? de despedida|\bnota suicida",
        r"\b(?:mensaje|carta|nota|texto)\b.{0,30}\b(?:diciendo|de|dice) adios\b",
        r"\bque (?:todo )?se acabe (?:todo )?(?:para siempre|de una vez)",
        r"\b(?:compre|compro|tengo|tiene|consegui|consiguio)\b.{0,20}\b(?:una cuerda|una soga"
        r"|navajas?|cuchillas?|una pistola)\b.{0,60}\b(?:lo que (?:voy|va) a hacer|para hacerlo)",
        r"\b(?:para|y|ojala) no (?:despertar|despertara|despierte)",
        r"\bya no (?:aguanto|aguanta|soporto|soporta|puedo mas|puede mas)"
        r"|\bno (?:aguanto|aguanta) mas\b",
        r"\b(?:desaparecer|irme|irse|me voy|se va|me ire|se ira) para siempre",
        r"\bya no (?:voy a|vas a|va a|van a) (?:molestar|ser (?:una )?carga|estorbar|sufrir mas)",
        r"\b(?:dosis|cantidad)\b(?: \w+){0,4} (?:mortal|letal)\b|\b(?:mortal|letal)\b.{0,20}"
        r"\bdosis\b",
        r"\b(?:tirarme|tirarse|aventarme|lanzarme|lanzarse) (?:de|del|por|al)\b",
        r"\bsoy una carga\b|\bser una carga\b",
        r"\b(?:guardando|juntando|ahorrando|guardad\w*|juntad\w*) (?:mis |sus |las "
        r"|\w+ )?" + MEDICINE,
        MEDICINE + r" (?:guardad\w*|juntad\w*|escondid\w*)",
        r"\b(?:me )?desped\w* de (?:mi familia|todos|todo el mundo|mis hijos)|\bse despide de",
        r"\b(?:se )?acab\w* (?:con )?todo\b|\bse termin\w* todo\b",
        r"\bpegar(?:me|se)? un tiro|\bdispararme|\bdispararse|\bahorcar(?:me|se)",
        r"\bme quemo\b|\bme lastimo (?:a proposito|yo mism)|\ba proposito\b.{0,20}\bdano",
        r"\bno existir\b|\bpa(?:ra)? que seguir\b|\bpa(?:ra)? que vivir\b",
        r"\b(?:tengo|tiene) un plan para\b",
        r"\bcuantas\b.{0,30}\b(?:para (?:no despertar|morir|matar)|se necesitan para)",
        r"\b(?:pienso|piensa|pensando|pensamientos) (?:en|de) (?:morir|la muerte|matarme|acabar)",
        r"\b(?:haciendo|hacer|hecho|hago)(?:me|se)? dano a proposito",
        r"\b(?:colgar(?:me|se)|ahorcarme)\b|\bse va a (?:tirar|aventar|lanzar)\b",
        r"\bno vale la pena (?:seguir )?(?:vivir|viviendo)|\bregal\w* (?:todas )?(?:sus|mis) cosas",
    ]
)

DANGER_SIGNS = compile_all(
    [
        # breathing and airway
        r"\bno (?:puedo|puede|podia|pueden|podemos) respirar|\bno respira\b|\bdejo de respirar"
        r"|\brespira (?:raro|mal|muy lento|muy poco|con dificultad)",
        r"\b(?:me|le|nos) (?:falta|cuesta) (?:el )?(?:aire|respirar)|\bfalta de aire"
        r"|\bdificultad para respirar",
        r"\bahog\w*\b(?! en (?:papeles|deudas|trabajo|problemas|tramites|cuentas|un vaso))",
        r"\b(?:poniendo|puso|pone|labios|cara|piel)\b.{0,20}\b(?:morad\w*|azul\w*|gris\w*)",
        r"\b(?:garganta|lengua|cara|labios|boca)\b.{0,25}\b(?:cierra|cerrando|hincha\w*|inflama\w*)"
        r"|\b(?:cierra|cerro|cerrando|hinchando|hincho|inflamando|inflamo) (?:la|mi"
        r"|su) (?:garganta|lengua|cara|boca)",
        r"\bespuma por la boca|\btirad[oa] en el (?:piso|suelo)|\btemblando todo",
        r"\bronchas\b|\burticaria\b|\breaccion alergica\b|\banafila\w*",
        r"\bsin respirar\b|\brespir\w* con (?:mucha )?dificultad",
        r"\b(?:se (?:esta|estaba)|me estoy|esta) atragant\w*|\bno (?:puede|puedo|podia) toser\b",
        # consciousness
        r"\bdesmay\w*|\binconscien\w*|\bperdio el (?:conocimiento|sentido)",
        # a person not answering, not the assistant ("eso no contesta mi pregunta")
        r"(?<!eso )(?<!esto )(?<!respuesta )\bno (?:responde|reacciona|despierta|contesta|se mueve"
        r"|me contesta|me responde)\b",
        r"\bno (?:lo|la|le|los) (?:puedo|podemos|pude) (?:despertar|levantar)",
        r"\b(?:todo|toda|bien) (?:flojo|floja|aguado|aguada)\b|\bse (?:cayo|desplomo)\b",
        # seizures
        r"\bconvuls\w*|\bataque (?:epileptico|de epilepsia)|\bsacudiendose\b",
        # stroke signs: the word itself; the question and history rules leave "¿un derrame
        # puede causar distonía?" alone, and the topic ("distonía después de un derrame",
        # "derrame y distonía") is not an event
        r"(?<!despues de un )(?<!despues de una )(?<!despues de la )(?<!despues del )(?<!por un )"
        r"(?<!por una )(?<!casi me da un )"
        r"(?<!casi le da un )\b" + STROKE + r"\b(?! y (?:la )?distonia)",
        r"(?<!casi me da un )(?<!casi le da un )\binfarto\b"
        r"|\bataque (?:al corazon|cardiaco)",
        r"\b(?:cara|boca|sonrisa|parpado)\b.{0,20}\b(?:caida|torcida|chueca|de lado|colgada)",
        r"\bse (?:le|me) (?:durmio|duerme|entumio|entumecio|adormecio) (?:el|la|un|medio|media"
        r"|todo|toda)",
        r"\blado (?:derecho|izquierdo)\b.{0,30}\b(?:dormid\w*|entumid\w*|debil|no (?:lo "
        r"|la )?siento)",
        r"\bno (?:puede|puedo) (?:hablar|mover|levantar)\b|\bhabla (?:raro|mal|arrastrado|enredado)"
        r"|\barrastra(?:ndo)? (?:las )?palabras",
        r"\b(?:brazo|pierna|mano|cara|lado)s?\b.{0,30}\bsin fuerza\b",
        r"\bconfundid\w*|\bno sabe (?:donde|quien)|\bdelirando\b|\b(?:dice|habla|decir|diciendo)"
        r" (?:cosas )?(?:sin sentido|incoherencias)\b(?! (?:sobre|de|acerca))",
        # rigid with a fever, not "el cuello tieso por la distonía" and a cold
        r"\bfiebre\b.{0,60}(?<!cuello )\b(?:ties[oa]|rigid[oa])\b"
        r"|(?<!cuello )\b(?:ties[oa]|rigid[oa])\b.{0,60}\bfiebre\b",
        r"\bno (?:ve|veo) (?:nada|de un ojo)|\bpeor dolor de cabeza|\bvision doble",
        # heart
        r"\bdolor\b.{0,20}\b(?:en el|de|del) pecho|\bpecho\b.{0,20}\b(?:duele|dolor|aprieta"
        r"|presion|opresion)|\b(?:presion|opresion|peso|dolor|apreton) (?:fuerte )?en el pecho",
        # overdose and poisoning
        r"\bsobredosis\b|\benvenen\w*",
        r"\b(?:tomo|tome|tomaron|se tomo|me tome|trago|se trago|me trague|comio|se comio|ingirio)"
        r"\b.{0,30}" + TOO_MUCH + r".{0,30}" + MEDICINE,
        r"\b(?:tomo|tome|trago|comio) (?:demasiad\w*|de mas)",
        r"\b(?:se|me) (?:tomo|trago|comio|tome|trague) (?:las|unas|mis|sus|todas las) " + MEDICINE,
        r"\b(?:encontro|agarro|se comio|se trago|se tomo)\b.{0,40}" + MEDICINE,
        MEDICINE + r".{0,40}\b(?:se comio|se trago|se tomo)\b",
        # after a botulinum toxin injection
        INJECTION + r".{0,100}\b(?:atragant\w*|no (?:me|le) sale la voz|voz (?:debil|muy baja)"
        r"|se (?:me|le) va (?:la comida|el agua|todo) por (?:otro|el otro) lado"
        r"|(?:no (?:puedo|puede|pueda|pude)|me cuesta|le cuesta|dificultad para) "
        r"(?:tragar|respirar|hablar))",
        r"\bno (?:puedo|puede|pueda|pude|podia) (?:tragar|respirar|hablar)\b.{0,40}" + INJECTION,
        # bleeding and head injury
        r"\bsangr\w* (?:mucho|muchisimo|sin parar|y no para)|\bno (?:para|deja) de sangrar"
        r"|\bsangra y (?:le )?sangra"
        r"|\bmucha sangre",
        r"\bse (?:pego|golpeo|dio) (?:en |un golpe en )?la cabeza",
        # una tormenta distónica: espasmos con fiebre, o la orina oscura que la delata
        r"\borina\b.{0,25}\b(?:negra|oscura|cafe|color (?:coca|te))\b",
        r"\bespasmos?\b.{0,60}\bfiebre\b|\bfiebre\b.{0,60}\bespasmos?\b",
        # asking for help outright
        r"\bemergencia\b|\bambulancia\b|\b911\b|\bauxilio\b",
        r"\b(?:me estoy|se esta|se nos esta) muriendo",
    ]
)

URGENT_MARKERS = re.compile(
    r"\b(?:ahorita|ahora mismo|de repente|de golpe|de pronto|hace (?:un rato|rato|poco|unos minutos"
    r"|\d+ minutos|una hora|media hora)|acaba de|se acaba de|que hago|que hacemos|ayuda|ayudenme"
    r"|auxilio|rapido|urgente|no para|sin parar)\b"
)
# "desde el derrame" and "después de la embolia" date dystonia from a stroke (the page's
# topic): no marker of now; "hace una hora" or "qué hago" still is
_SINCE_A_STROKE = r"(?!(?:el|la|mi|su) " + STROKE + r")"
NOW_MARKERS = re.compile(
    r"\b(?:ahora|ya|hoy|esta (?:manana|tarde|noche)|desde " + _SINCE_A_STROKE + r"(?:el|la|mi"
    r"|que|q|ayer|anoche|hace (?:\d+|un|una|dos|tres) (?:dias?|horas?|noches?))"
    r"|despues de " + _SINCE_A_STROKE + r"(?:la|mi|el|su)|empezo|le empezo|me empezo"
    r"|se (?:le|me) (?:durmio|entumio|entumecio|adormecio|cayo|desmayo|trabo))\b"
)
HISTORY_MARKERS = re.compile(
    r"\b(?:hace (?:\d+|dos|tres|cuatro|cinco|varios|unos|muchos|un) (?:anos|ano|meses)"
    r"|el ano pasado|desde hace (?:anos|un ano|\w+ anos|meses)|de (?:nino|nina|chico|chica"
    r"|pequeno|pequena)|cuando (?:era|tenia|eramos)|en (?:19|20)\d\d|hace tiempo"
    r"|hace (?:muchos )?anos|hace mucho(?: tiempo)?(?! (?:calor|frio|rato|que|viento))"
    r"|en la (?:escuela|prepa|secundaria)"
    r"|ya (?:esta|estoy) bien|ya se (?:le )?quito)\b"
)
# Someone in it now, just before the sign ("mi esposo no [respira]", "se me [cierra]");
# Spanish often drops the subject, so the verb alone counts.
LIVING_IT = re.compile(
    r"\b(?:(?:mi|su|el|la) " + PERSON + r" )?(?<!alguien )(?<!si )"
    r"(?:esta|estoy|estan|tiene|tengo|tienen|le|se|me"
    r"|no puede|no puedo|acaba de|sigue|empezo a)\b(?: \w+){0,2}\s*$"
)
# A person right before a negated sign: "mi esposo [no respira]".
PERSON_THEN_SIGN = re.compile(r"\b(?:mi|su|el|la) " + PERSON + r" no\b")
QUESTION = re.compile(
    r"\?|^(?:puede|pueden|se puede|es|son|que|como|cual|cuales|por que|porque|cuando|donde"
    r"|hay|la distonia|el botox)\b"
)

# Phrases that only look like a sign; set aside before matching (bot.safety.rules).
SET_ASIDE = re.compile(
    r"\bno es (?:una )?emergencia\b"
    r"|\bno (?:tengo|tiene|he tenido|ha tenido) (?:pensamientos|ideas|intencion\w*) de (?:hacer"
    r"(?:me|se) dano|matarme|matarse|suicid\w*|quitarme la vida)\b(?!.{0,40}\bpero\b)"
    r"|\briesgos? de (?:tener )?(?:una |un )?(?:convulsion\w*|derrame\w*|ahog\w*|infarto\w*"
    r"|sobredosis)"
)
HYPOTHETICAL = re.compile(
    r"\b(?:si algun dia|si alguna vez|por si acaso|por si algun dia|para estar (?:preparad|list)"
    r"\w*|en caso de que|(?<!no se )(?<!no sabe )(?<!no sabemos )si (?:\w+ ){0,3}llega(?:ra)? a "
    r"(?:tener|darle)|si te da (?:un|una)\b)\b"
)
RIGHT_NOW = re.compile(r"\b(?:ahorita|ahora mismo|en este momento)\b")

SPANISH = LanguageRules(
    lang="es",
    crisis=CRISIS,
    danger_signs=DANGER_SIGNS,
    urgent_markers=URGENT_MARKERS,
    now_markers=NOW_MARKERS,
    history_markers=HISTORY_MARKERS,
    living_it=LIVING_IT,
    person_then_sign=PERSON_THEN_SIGN,
    question=QUESTION,
    set_aside=SET_ASIDE,
    hypothetical=HYPOTHETICAL,
    right_now=RIGHT_NOW,
)
