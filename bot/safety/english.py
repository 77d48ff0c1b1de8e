"""English crisis and danger-sign patterns, over normalised text (``bot.safety.normalise``:
lower case, no apostrophes, no accents), with the common misspellings patients type."""

from __future__ import annotations

import re

from bot.safety.rules import LanguageRules, alternatives, compile_all

SELF = r"(?:my ?self|him ?self|her ?self|them ?selves|them ?self|ur ?self|your ?self)"
PERSON = alternatives(
    "mom mum mother dad father son daughter wife husband partner child kid baby toddler "
    "friend brother sister grandma grandpa grandmother grandfather nan nana grandson "
    "granddaughter aunt uncle cousin neighbor neighbour patient client resident boyfriend "
    "girlfriend fiance roommate coworker teen teenager boy girl man woman "
    "father in law mother in law mil fil"
)
BREATH = r"(?:breath|breth|breathe|breathing|brething|breate)"
# a person's state, not "i'm confused, does botox cause a fever"
CONFUSED = (
    r"(?:(?:is|seems|acting|very|so|really|gets|getting|got|became|more|and) (?:confused"
    r"|disoriented)|confusion|disoriented|delirious|not making sense|talking nonsense)"
)
# medicines patients with dystonia (or their households) may take too much of
MEDICINE = alternatives(
    r"baclofen baclofin baclophen trihexyphenidyl artane benztropine cogentin clonazepam "
    r"klonopin klonopine klonipin diazepam valium lorazepam ativan alprazolam xanax "
    r"tetrabenazine xenazine deutetrabenazine austedo levodopa carbidopa sinemet gabapentin "
    r"neurontin pregabalin lyrica tramadol oxycodone oxycontin percocet hydrocodone vicodin "
    r"fentanyl morphine methadone opioids? tizanidine zanaflex ambien zolpidem tylenol "
    r"acetaminophen paracetamol ibuprofen advil aspirin benadryl insulin "
    r"pills? tablets? capsules? caps meds? medicines? medications? sleeping pills? muscle relaxers?"
)
INJECTION = r"(?:botox|botulinum|dysport|xeomin|myobloc|injections?|shots?|jabs?|toxin)"
# What the toxin's spread does: swallowing, breathing or speaking gets hard, weakness.
SPREAD = (
    r"(?:\b(?:cant|cannot|trouble|difficulty|hard|harder|struggl\w*|barely|hardly|problems?"
    r"|unable|can not)\b.{0,20}\b(?:swallow\w*|" + BREATH[3:-1] + r"|talk\w*|speak\w*"
    r"|hold\w* (?:my|his|her|their) head)|\b(?:getting|get|keep) (?:food|it|anything|water"
    r"|pills) down"
    r"|\bchok(?:e|es|ed|ing|in)\b(?! up\b)"
    r"|\b(?:food|pills?|water) (?:keeps |is )?(?:getting )?stuck"
    r"|\bswallowing is (?:really |so |very )?hard|\bvoice is (?:going |getting |so "
    r"|really )?(?:weak|quiet|a whisper)|\b(?:arms?|legs?|eyelids?|face) (?:feels? |are |is |going "
    r"|getting )?(?:weak|heavy|droop\w*))"
)
TOO_MUCH = (
    r"(?:too many|too much|way too|a (?:whole|full) (?:bottle|bunch|pack|box|handful)"
    r"|the (?:whole|entire) (?:bottle|pack|box)|a bottle|all (?:of )?(?:his|her|my|their|the)"
    r"|a handful|a bunch|bunch of|lots of|a lot of|several|double|triple|twice|three times"
    r"|\d+ times|extra|\d+ (?:of|pills|tablets)|whole (?:week|month|bottle)|(?:all )?at once"
    r"|(?:half|most) (?:of )?the bottle)"
)

CRISIS = compile_all(
    [
        r"\bsu[ic]+id",  # suicide, suicidal, sucide
        r"\bkms\b",
        r"\bkill(?:ing)? " + SELF,
        r"\b(?:end|ending|take|taking|took) (?:it all|(?:my|his|her|their) (?:own )?life)",
        r"\b(?:end|ending) (?:it|things|everything)\b(?! (?:early|for today|there))",
        r"\b(?:want|wanna|wants|wanted|wanting|going|gonna|wish|ready|rather|prefer|like|hope) "
        r"(?:to )?(?:die|be dead|just die|not be alive|not exist)\b"
        # "she'd rather die than get another needle" is a figure of speech; "than go
        # through another day" is not
        r"(?! than (?:get|have|getting|having|do|doing|go to|going to|sit through) (?:a |an "
        r"|another |the |that |one more )?(?:shots?|needles?|injections?|jabs?|botox|surgery"
        r"|dentist|tests?|mri|spinal tap|paperwork|meeting|blood draw|colonoscopy)\b)",
        r"\bwish (?:i|he|she) (?:was|were|could be|had never been|was never) (?:dead|born|gone)",
        r"\b(?:better off|rather be|prefer to be|prefers to be) (?:dead|without me)",
        r"\bbetter off without (?:me|him|her)\b",
        r"\bbetter off if (?:i|he|she) (?:wasnt|werent|was not|were not) (?:around|here|alive)",
        r"\bdone (?:trying to live|with living|with life|living)\b",
        r"\b(?:dont|do not|doesnt|does not|dont even) (?:want|wanna) to (?:live|be alive"
        r"|be here|exist|go on|wake up|keep going|keep living)",
        r"\b(?:no|any|not a|what is the|whats the|what the) (?:reason|point) (?:(?:to|in|of) )?"
        r"(?:live|living|keep living|go on|going on|being alive|life|carry on|carrying on"
        r"|being here|trying anymore)",
        r"\b(?:life|living) (?:isnt|is not|aint|not) worth",
        r"\bnot worth living\b",
        r"\b(?:cant|cannot|can not|dont think i can) (?:do|take|handle|bear) "
        r"(?:this|it|this life|the pain|any of this) (?:anymore|any more|much longer|one more day)",
        r"\bcant go on\b",
        r"\bhow much longer i can (?:keep going|go on|take)",
        r"\b(?:think(?:ing)?|thought|thoughts) (?:about|of) (?:dying|death|not being here"
        r"|not waking up|ending|overdosing|killing|hurting|cutting|taking all)",
        r"\b(?:pills|tablets|meds) (?:all )?counted out|\bcounted out (?:all )?(?:the |my |his "
        r"|her )?(?:pills|tablets|meds)|\b(?:pills|tablets|meds) lined up on the (?:table|counter"
        r"|bed|desk)",
        r"\b(?:go to sleep|sleep|fall asleep|went to sleep) and (?:just )?(?:not|never) w(?:a|o)ke",
        r"\b(?:hope|wish|want|would like) (?:i|to|he|she) (?:dont|doesnt|not|never) wake",
        r"\bto not wake up\b",
        r"\bnot (?:to )?wake up (?:again|ever|tomorrow)",
        r"\b(?:stop|end) for good\b",
        r"\bdisappear (?:for good|forever)",
        r"\bwant out of (?:this )?(?:life|it all)",
        r"\b(?:be with god|see god) now",
        r"\b(?:would|will|does|do) (?:anyone|anybody|nobody|no one|noone|people|they) "
        r"(?:even )?(?:miss|care|notice)",
        r"\b(?:miss|care about) me if i (?:was|were|am|died|disappeared)",
        r"\b(?:nobody|no one|noone) would (?:miss|care|notice)",
        r"\b(?:just |such )?a burden\b",
        r"\btired of (?:being alive|living|life|existing)",
        r"\bsick of (?:being alive|living|life)\b",
        r"\b(?:dont|do not|doesnt|does not|cant) see (?:a|any) (?:future|way out|reason)",
        r"\bnothing (?:left )?to live for",
        r"\btonight(?:s| is) the night\b",
        r"\bgoodbye (?:letters?|notes?|messages?)\b|\b(?:suicide|farewell) notes?\b",
        r"\bgiv(?:e|ing|en) (?:my|his|her) (?:things|stuff|belongings) away\b"
        r"|\bgiv(?:e|ing) away (?:my|his|her) (?:things|stuff|belongings)",
        r"\bwont need (?:them|it|my things|anything) (?:soon|anymore|much longer)",
        r"\b(?:hang|hanging|hanged|shoot|shooting) " + SELF,
        r"\bjump(?:ing)? (?:off|from|in front of) (?:a|the|this|that|my|his|her) "
        r"(?:bridge|building|roof|train|balcony|cliff|car|truck|parking garage|garage|overpass"
        r"|window|ledge|tower)",
        r"\b(?:steer|steering|drive|driving|crash|crashing) (?:my car |the car )?into "
        r"(?:a|the) (?:tree|wall|traffic|river|truck|pole)",
        r"\bus(?:e|ing) (?:it|that|them|a gun) on " + SELF,
        r"\b(?:saving|saved|stockpil\w*|hoard\w*|collecting|stashing) (?:up )?(?:all )?"
        r"(?:my|his|her|a bottle of|some)? ?" + MEDICINE,
        r"\b(?:i|he|she) (?:have|has|made|got) a plan\b(?! (?:for|to (?:see|get|talk|ask|call"
        r"|go)))",
        r"\bplan(?:ning)? (?:to|how to) (?:kill|end|die|overdose)",
        r"\b(?:how|ways?) to (?:overdose|od|die|end it|not wake)",
        r"\boverdos\w* on purpose|\bon purpose\b.{0,30}\boverdos",
        r"\b(?:should|could|want to|wanna|going to|gonna|thinking (?:of|about)|think about"
        r"|about to)"
        r" (?:just )?(?:take|taking|swallow|swallowing) (?:all|every|the whole|a whole)\b",
        r"\bhow many\b.{0,30}\b(?:to die|would kill|to kill|to not wake|to end it|lethal)",
        r"\bself[ -]?harm|\bself[ -]?injur|\bharm(?:ing)? " + SELF,
        r"\b(?:stop|end(?! up)|disappear\w*|go away|be gone|a?sleep)\b.{0,12}\b(?:for good|forever"
        r"|permanently)\b",
        r"\b(?:has|have|got|bought|with) (?:a |the )?(?:rope|noose)\b",
        r"\bhow (?:much|many)\b.{0,40}\b(?:it would take|would it take|would be enough|is enough"
        r" to|to take to)\b",
        r"\bhow (?:high|tall|far down|deep)\b.{0,60}\b(?:enough|would kill|to die)\b",
        r"\bway out\b.{0,20}\b(?:die|death|dying|end it|to go)\b|\bonly way out\b",
        r"\bhelp (?:me|her|him|them) (?:to )?(?:die|end it|go)\b",
        r"\bwhy (?:am i|is he|is she|do i) (?:even )?(?:still )?(?:alive|here|living|bother)",
        r"\b(?:walk|swim|go|drive) into the (?:sea|ocean|lake|river|water|traffic)\b",
        r"\b(?:step|stepping|stepped|walk|walking|throw\w*|jump|jumping) (?:out )?in front of "
        r"(?:a|the|an) (?:truck|bus|train|car|traffic|lorry|oncoming)",
        r"\b(?:drove|walked|went|drive|driving|walk|walking) (?:back |out |up )?(?:to|on) (?:the|a)"
        r" (?:bridge|cliff|ledge|roof of|tracks|overpass)\b.{0,60}\b(?:sat|stood|thought|go back"
        r"|looked down|for an hour)",
        r"\b(?:my|his|her) will and (?:a|my|his|her) (?:note|letter)\b",
        r"\b(?:hit|punch|bang|slap)\w* (?:my|his|her) \w+ (?:with|until)\b.{0,25}\b(?:fists?"
        r"|bruis\w*|bleed\w*)",
        r"\b(?:whole|full) bottle\b.{0,40}\b(?:in front of me|i want to|want to take)",
        r"\b(?:least painful|easiest|quickest|painless|fastest) way to (?:go|die|end|do it)",
        r"\btired of fighting (?:this|it|anymore|every|my)\b",
        r"\bthis (?:is|will be) my last (?:year|day|christmas|birthday|week|night)\b",
        r"\burge to (?:cut|hurt|harm|burn|end)\b",
        r"\bif i (?:just )?(?:didnt|dont|never|did not|wouldnt|would not) wake up\b",
        r"\bnot to wake up\b|\bwaiting (?:to die|for death)\b",
        r"\bwouldnt mind (?:if i )?(?:dying|being dead|not waking|not being (?:here|alive|around))",
        r"\b(?:dont|do not|doesnt|does not) (?:really |even )?care (?:anymore |any more )?"
        r"(?:what happens to (?:me|him|her)(?! (?:with|during|in|at|after|from|on)\b)"
        r"|if i (?:live|die|wake))",
        r"\b(?:better|easier|fine)\b.{0,12}\bwithout me (?:in it|around|here|alive)\b"
        r"|\bworld\b.{0,40}\bwithout me\b",
        r"\bonly (?:still )?here (?:for|because)\b|\bstill here (?:only )?for (?:my|the)\b",
        r"\b(?:take|swallow)\w* all (?:of )?(?:my|his|her) " + MEDICINE + r"\b.{0,10}\bif\b",
        r"\bim done\b.{0,30}\bthank\w* (?:you )?for everything",
        r"\b(?:burn|cut|scratch|carv)\w* (?:my|his|her|their) (?:arms?|wrists?|legs?|thighs?|skin)"
        r"|\b(?:burn\w*|cut\w*)\b.{0,30}\b(?:lighter|cigarettes?|razors?|blades?)",
        r"\b(?:has|have|got|bought|keeps?) a (?:gun|rifle|pistol|firearm|handgun)"
        r"|\b(?:i|he|she) (?:have|has|got) the (?:gun|rifle|pistol|handgun)\b",
        r"\b(?:dont|doesnt|do not|does not) (?:want to )?see (?:a future|\d+|tomorrow"
        r"|another (?:year"
        r"|birthday|day)|next (?:year|week))",
        r"\boff(?:ing)? " + SELF + r"|\bunaliv",
        r"\b(?:have|has|got) enough (?:of )?(?:my |his |her )?" + MEDICINE,
        MEDICINE + r" (?:saved|stashed|hidden|put away|stockpiled)",
        r"\b(?:going|gonna|plans?|planning|about) to (?:overdose|od|take (?:all|every))",
        r"\b(?:dont|do not|cant|can not|cannot) see (?:the|any) point (?:in|of|to) "
        r"|\bsee no point (?:in|to)\b|\bwhy (?:even )?bother (?:living|going on|staying|being)",
        r"\b(?:no one|nobody|noone) would (?:even )?(?:miss|care|notice)",
        r"\b(?:written|wrote|writing|write) (?:\w+ )?(?:letters?|notes?) to (?:my|his|her"
        r"|everyone)",
        r"\b(?:swerv\w*|steer\w*|driv\w*|crash\w*|run|running) (?:my car |the car )?(?:into|off)"
        r" (?:a|the) (?:tree|wall|road|bridge|traffic|river|cliff|truck|pole)",
        r"\b(?:asking|ask) (?:because|cause|cuz|bc) i (?:want|wanna|plan|am going) to\b",
        r"\bdone\b.{0,15}\bwith (?:life|living|everything|it all)\b",
        r"\b(?:stood|standing|stand|was|went|sat|sitting) (?:on|to|at) (?:the"
        r"|a) (?:edge of (?:the|a) )?"
        r"(?:bridge|ledge|roof|cliff|tracks)",
        r"\b(?:wish|hope|pray\w*)\b.{0,30}\b(?:kill (?:me|him|her)|take me)\b",
        r"\b(?:wont|will not|not going to|wouldnt) be (?:around|here) (?:much longer|for long"
        r"|anymore"
        r"|long)|\bgave away (?:my|his|her) \w+",
        r"\b(?:went|go|going) to sleep and never wok|\bnever wake up\b",
        r"\b(?:wish\w*|hop(?:e|es|ed|ing)|pray\w*)\b.{0,20}\b(?:i|he|she|they) (?:just )?"
        r"(?:wouldnt|wont|dont|doesnt|would not|will not|never|could not|couldnt) wake"
        r"(?! up (?:at night|in the night|during the night|from|because|early|too early|every))",
        r"\benough\b.{0,25}\b(?:saved|stashed|stored|put away)|\b(?:saved|stashed) .{0,25}"
        r"\bto do it\b",
        r"\b(?:bang\w*|hit\w*|punch\w*|hurt\w*|cut\w*|burn\w*|scratch\w*)\b.{0,40}\bon purpose",
        r"\b(?:lethal|fatal|deadly) (?:dose|amount)|\bhow (?:much|many) \w+ (?:would"
        r"|does it take to|to)"
        r" (?:kill|die)",
        r"\b(?:cant|cannot|dont think i can) keep (?:doing this|going|living|on)\b"
        r"|\bim ready to go\s*[.!]*$",
        r"\bmy (?:own )?funeral\b",
        r"\bcut (?:deeper|again|my (?:arms?|wrists?|legs?|thighs?))\b",
        r"\b(?:saying|said|say|texted|posted|posting|wrote|sent) (?:me |us |her "
        r"|him )?(?:goodbye|good bye"
        r"|bye forever)",
        r"\b(?:a|the) rope (?:is|in|ready)|\bnoose\b",
        r"\b(?:texted|sent|wrote|messaged|posted|said)\b.{0,30}\bgoodbye\b|\bthis is goodbye\b",
        r"\b(?:dont|do not|stopped|stop|no longer) car(?:e|ing) (?:if|whether) (?:i|he|she|they) "
        r"(?:live|die|wake)",
        r"\bloaded gun\b|\bgun\b.{0,30}\b(?:loaded|next to me|in my (?:hand|lap|mouth))",
        r"\bnot (?:going to|gonna) be (?:around|here) to (?:find out|see)\b",
        r"\b(?:bought|got|have|buy|buying|found) (?:some |a )?(?:razor ?blades?|razors?|a knife"
        r"|rope)\b.{0,60}\b(?:know what|going to do|gonna do|for (?:my|him|her) ?self)",
        r"\bscared of (?:myself|himself|herself|what (?:i|he|she) might)",
        r"\blet(?:ting)? (?:it (?:all )?end|(?:myself|me) (?:go|die))",
        r"\btried to (?:overdose|od|kill|end|hang)|\b(?:suicide )?attempt(?:ed)? (?:suicide"
        r"|to end)",
        r"\b(?:hurt|hurting|hurted|cut|cutting|burn|burning|burnt|hit|hitting|punch|punching"
        r"|scratch|scratching|starve|starving) " + SELF + r"\b(?! (?:by accident|accidentally))",
        r"\b(?:cuts|scars|slashes) on (?:her|his|my|their) (?:arms?|wrists?|legs?|thighs?)",
        r"\b(?:is|was|started|been|keeps?|caught (?:her|him)) cutting\b",
        r"\bcutting (?:again|her arms|his arms|my arms|my wrists?)",
        r"\b(?:my|his|her) (?:skin|arms?) until (?:it|they) bleeds?\b",
        r"\b(?:what|something) (?:i|he|she) might do to " + SELF,
        r"\bmake it look like an? accident\b",
        r"\b(?:pills|tablets|meds|bottles?|gun|razors?|blades|rope)\b.{0,40}\bin front of me\b",
        r"\b(?:happier|better|easier|free|relieved)\b.{0,20}\bif (?:i|he|she) (?:was|were) "
        r"(?:gone|dead)\b|\b(?:happier|free|relieved|better off)\b.{0,10}\bif (?:i|he|she) "
        r"(?:was not|were not|wasnt|werent) (?:here|around|alive)\b",
        r"\b(?:lethal|deadly|fatal)\b.{0,50}\bwould work\b",
        r"\b(?:wish|hop|pray)\w* (?:that )?(?:i|id|i would|i could|i will|ill) (?:just )?(?:get|be"
        r"|got) hit by\b|\b(?:wish|hop|pray)\w* (?:that )?(?:a|the) (?:car|bus|truck|train) "
        r"(?:would |will )?hits? me\b",
        r"\b(?:dying|death) (?:from|of|by) (?:an? )?(?:\w+ )?overdose\b.{0,15}\b(?:hurts?"
        r"|painful|peaceful|quick)\b|\boverdos\w*\b.{0,20}\bhurts?\b",
    ]
)

DANGER_SIGNS = compile_all(
    [
        # breathing and airway
        r"\b(?:cant|cannot|can not|couldnt|unable to|barely|hardly|struggling to|struggles to"
        r"|trouble|difficulty|difficult to|hard to|harder to|hard time|problems?|short of|out of"
        r"|fighting to|gasping for) (?:catch (?:my|his|her|their) )?" + BREATH,
        r"\b(?:struggling|fighting|trying) to get (?:air|a breath)|\bcant get (?:enough )?air",
        r"\b(?:not|isnt|stopped|stop|no longer|wasnt|quit|arent) " + BREATH + r"\b",
        r"\b(?:if|think|sure|know if|tell if|whether) (?:hes|shes|he is|she is|theyre|"
        r"they are|its|the baby is|(?:my|the) \w+ is) " + BREATH,
        BREATH + r" (?:is |seems |really |very |feels )*(?:slow|shallow|weak|weird|funny"
        r"|strange|noisy"
        r"|rattl\w*|raspy|labou?red)",
        r"\bgasp(?:ing|ed|s)?\b|\bwheez\w*|\bstridor\b",
        r"\b(?:cant|cannot|couldnt|not) get (?:any |enough )?(?:air|a breath)"
        r"|\b(?:cant|cannot|can not|couldnt|unable to)\b.{0,20}\bget (?:any |enough )?air in\b",
        r"\b(?:turn|turns|turning|turned|going|gone|went|look(?:s|ing)?|is|are|lips|face|skin|all"
        r"|hes|shes|im) "
        r"(?:all |really |kinda |a bit |so )?(?:blue|purple|gr[ae]y|white as)\b",
        r"\b(?:lips|fingernails|nails|fingertips)\b.{0,20}\b(?:blue|purple|gr[ae]y)\b",
        r"\bchok(?:ing|ed|in)\b(?! up\b)",
        r"\b(?:throat|tongue|lips?|face|mouth|airway)\b.{0,25}\b(?:clos\w*|swell\w*|swollen"
        r"|spasm\w*|tight\w*)",
        r"\bhives\b|\banaphyla\w*|\ballergic reaction\b|\bepi ?pen\b",
        # consciousness
        r"\b(?:pass(?:ed|ing)?|blacked|black(?:ing)?|zonked|conked|keel(?:ed)?) (?:out|over)\b",
        r"\bfaint(?:ed|ing|s)?\b|\bcollaps\w*|\bun ?concious|\bun ?conscious|\bunresponsive",
        r"\bnot responsive\b|\bout cold\b|\bslump\w*",
        r"\b(?:not|isnt|wont|cant|doesnt|wouldnt|stopped|arent|never) (?:wak\w*|react\w*|come to"
        r"|coming to)",
        # a person not answering, not the assistant ("you're not answering my question")
        r"\b(?:not|isnt|wont|cant|doesnt|wouldnt|stopped|arent|never) (?:respond\w*|answer\w*)"
        r"(?= (?:me|us|when|at all|anymore|and|to (?:me|us|anything|his|her|their))\b|\s*[.!?,]"
        r"|\s*$)",
        r"\b(?:hard|difficult|impossible) to (?:wake|rouse)\b",
        r"\b(?:cant|cannot|can not|couldnt|unable to|trying to) (?:wake|rouse|get) "
        r"(?:him|her|them|my \w+|the \w+)(?: up| to wake| to respond)?\b",
        r"\bbarely (?:awake|conscious|responding|breathing)|\bcant keep (?:my|his|her) eyes open",
        r"\b(?:went|gone|go|going|is|all) (?:all )?(?:limp|floppy)\b",
        r"\b(?:has been|been|is|was) (?:lying )?on the (?:floor|ground)\b|\bcant get up\b.{0,30}"
        r"\b(?:mumbl\w*|confus\w*|not making sense)",
        r"\b(?:numb\w*|tingl\w*|weak\w*) (?:is )?spread\w*|\bspread\w* (?:numb|weak)\w*",
        r"\blost (?:the )?(?:vision|sight)\b|\bcurtain (?:came|coming|come) down",
        r"\bnot moving\b|\bgurgl\w*|\b(?:lying|laying|lay|found \w+) on the (?:floor|ground"
        r"|sidewalk|street)",
        # seizures
        r"(?<!anti )(?<!anti-)\b(?:seiz|siez|sezi|seas|seis)\w*\b"
        r"(?! (?:meds|medicines?|medications?|drugs|pills))"
        r"|\bconvuls\w*|\bfitting\b",
        r"\b(?:having|had|has|have) (?:a |another )?fit\b",
        r"\b(?:shaking|jerking|twitching|thrashing) all over\b|\bon the floor (?:shaking|jerking)"
        r"|\bfoam\w* (?:at|from|out of) (?:the|his|her|my|their) mouth"
        r"|\bwhole body (?:is |keeps )?(?:jerking|shaking|convulsing|stiffening)"
        r"|\beyes (?:rolled|rolling) (?:back|up)",
        # stroke signs
        # a stroke as an event, not the topic ("dystonia after a stroke" is on the page)
        r"(?<!like im )(?<!like i am )(?<!like hes )(?<!like shes )"
        r"\b(?:having|has had|just had|having had) (?:a |another |some )?(?:mini[ -]?)?strok",
        r"\b(?:is|could|might|may|would) (?:this|it|that) (?:be )?(?:a )?(?:mini[ -]?)?stroke\b"
        r"|\b(?:its|this is|thats|think (?:its|this is|it was)|looks like|like a) (?:a )?"
        r"(?:mini[ -]?)?stroke\b|\bstroke (?:symptoms|signs)\b",
        r"\bhad (?:a )?(?:mini[ -]?)?stroke\b.{0,20}\b(?:today|tonight|this morning|this afternoon"
        r"|last night|yesterday)\b",
        r"\b(?:face|mouth|smile|eyelids?|eye|lip)\b.{0,20}\b(?:droop\w*|sag\w*|crooked|lopsided"
        r"|uneven|fallen|slack)|\bdroop\w*|\bdrooling (?:out )?(?:of )?one side",
        r"\bslurr\w*",
        r"\b(?:one|left|right) side\b.{0,30}\b(?:numb|weak|tingl\w*|dead|heavy|droop\w*|paralyz)",
        r"\b(?:numb\w*|weak\w*|tingl\w*|paralyz\w*)\b.{0,30}\b(?:one|left|right) side",
        r"\b(?:arm|leg|hand|face|side)s? (?:just )?(?:went|is|feels|feel|gone|going|suddenly) "
        r"(?:numb|dead|weak|limp|heavy)",
        r"\b(?:cant|cannot|couldnt|unable to) (?:lift|raise|move|feel) (?:his|her|my|their|an?"
        r"|the) "
        r"(?:right |left )?(?:arm|leg|hand|face|side)",
        r"\b(?:hand|arm|leg|foot|side) (?:wont|doesnt|isnt|stopped|wouldnt) work",
        r"\bside of (?:his|her|my|their) (?:body|face)\b.{0,20}\b(?:isnt|not|wont|stopped) work",
        r"\bgibberish\b|\bwords (?:are )?(?:coming|come|came) out (?:wrong|weird|jumbled|funny)"
        r"|\bcant (?:talk|speak) right\b|\blos\w* consciousness\b",
        r"\btalking funny\b|\bwords (?:dont|do not) make sense|\bwords make no sense"
        r"|\bcant find (?:the |his |her |my )?words|\bspeech (?:just |suddenly )?(?:went|is"
        r"|sounds) "
        r"(?:weird|funny|slurred|strange|off|garbled)|\bgarbled\b",
        r"\bsudden\w*\b.{0,40}\b(?:confus\w*|cant see|vision|blind|numb|weak|headache|dizz\w*"
        r"|doesnt know (?:where|who)|dont know (?:where|who)"
        r"|cant (?:speak|talk|walk|stand|move))",
        r"\b(?:confus\w*|cant see|vision|blind|numb|headache|dizz\w*)\b.{0,40}"
        r"\b(?:sudden\w*|out of nowhere|all of a sudden)",
        r"\b(?:went|gone|going|goes|turned) (?:all )?(?:dark|black)\b.{0,20}\b(?:eyes?|vision)\b"
        r"|\b(?:eyes?|vision)\b.{0,20}\b(?:went|gone|going|goes|turned) (?:all )?(?:dark|black)\b"
        r"|\b(?:i|he|she) (?:cant|cannot|can not) see\s*(?:[.!]|$)",
        r"\bworst headache\b|\b(?:seeing|see) double\b|\bdouble vision\b|\bvision "
        r"(?:went|goes|gone|going) (?:black|dark|blurry)|\bcant see out of\b",
        # heart
        r"\bchest\b.{0,25}\b(?:pain|hurt\w*|pressure|tight\w*|heav\w*|squeez\w*|crush\w*|ache"
        r"|elephant|on fire|burning)",
        r"\b(?:pain|hurt\w*|ache\w*|pressure)\b.{0,30}\b(?:down|into|to|up) (?:my|his|her|the) "
        r"(?:left )?(?:arm|jaw|neck and arm)\b",
        r"\b(?:pain|pressure|tightness|heaviness|squeezing) in (?:my|his|her|the) chest",
        r"\b(?:clutch|grab|grabb|clench|hold)\w* (?:at )?(?:his|her|my|their) chest"
        r"|(?<!nearly had a )(?<!almost had a )\bheart attack"
        r"|\bcardiac arrest|\bheart (?:has )?(?:stopped|isnt beating|is not beating|not beating)\b",
        # overdose and poisoning
        r"\boverdos\w*|\bod(?:ed|ing)?\b|\bpoison\w*"
        r"|\b(?:he|she|i|they|hes|shes|(?:my|his|her) \w+) (?:just )?odd\b",
        r"\b(?:took|take|taken|taking|swallowed|swallow|ate|eaten|had|drank|downed|chewed)\b.{0,30}"
        + TOO_MUCH
        + r".{0,30}"
        + MEDICINE,
        r"\b(?:took|taken|swallowed|ate|had)\b.{0,30}" + MEDICINE + r".{0,25}" + TOO_MUCH,
        r"\b(?:got|gotten|get|gets|getting) (?:into|a ?hold of|hold of) .{0,30}"
        + MEDICINE
        + r"|\b(?:pill|med|medicine)"
        r" (?:organizer|bottle|box|case) (?:is |was )?(?:empty|open)",
        r"\b(?:kid|child|toddler|son|daughter|baby|grandson|granddaughter|boy|girl|"
        r"\d+ ?(?:yr|year|yo)s?(?: old)?)\b.{0,40}\b(?:swallowed|ate|eaten|chewed|took|got into"
        r"|found|drank|drunk)"
        r"\b.{0,30}" + MEDICINE,
        r"\bmixed \w+ (?:with|and) .{0,20}" + MEDICINE,
        r"\b(?:took|taken|swallowed|ate|drank|had|given|gave)\b.{0,40}\b(?:by mistake|by accident"
        r"|accidentally|on accident)|\baccidentally (?:took|swallowed|ate|drank|gave|doubled)"
        r"|" + MEDICINE + r".{0,20}\baccident",
        r"\b(?:doubled|double dosed|tripled)\b|\btook (?:another|an extra|a second|extra)\b",
        r"\b(?:forgot|forgetting|forgets)\b.{0,60}\b(?:took|gave|taken) (?:\w+ ){0,4}"
        r"(?:again|twice|(?:whole|full|entire) days? ?s? worth)\b",
        MEDICINE + r".{0,60}\btook (?:maybe |like |about |around |almost )?(?:[5-9]|\d{2,})\b",
        r"\b(?:more|way more|a lot more) than (?:prescribed|(?:he|she|i|they) should|the label)",
        r"\b(?:took|taken|taking|had)\b.{0,20}" + MEDICINE + r".{0,40}\b(?:[5-9]|\d{2,}) "
        r"(?:extra|pills|tablets|of them|or more)",
        # a count of a named medicine, from five up ("took 2 baclofen" is a dose question)
        r"\b(?:took|taken|swallowed|ate|had|downed)\b.{0,15}\b(?:[5-9]|\d{2,}) (?:of )?"
        r"(?:(?:my|his|her|the|their) )?" + MEDICINE,
        # after a botulinum toxin injection: the label's distant-spread warning
        INJECTION + r".{0,120}" + SPREAD,
        SPREAD + r".{0,80}" + INJECTION,
        # bleeding and head injury
        r"\bbleed\w* (?:badly|heavily|a lot|everywhere|wont stop|from (?:his|her|my|the) "
        r"(?:ear|head|nose|mouth))|\bwont stop bleeding|\bblood everywhere|\bsoaking through"
        r"|\b(?:coughing|vomiting|throwing|puking|spitting) (?:up )?blood"
        r"|\b(?:gushing|pouring|spurting|squirting) "
        r"(?:out )?blood|\bblood (?:is )?(?:gushing|pouring|spurting)|\bsoak\w* (?:\d+|through|all"
        r"|the|a|two|three) \w*\s?towels?",
        r"\b(?:hit|banged|smacked|cracked) (?:his|her|my|their) head",
        r"\bfever\b.{0,40}\b(?:rigid|stiff|locked)|\b(?:rigid|locked rigid)\b.{0,40}\bfever",
        r"\b(?:fever|burning up|temperature)\b.{0,80}\b" + CONFUSED
        + r"|\b" + CONFUSED + r"\b.{0,80}\b(?:fever|burning up)\b",
        # a dystonic storm: spasms with fever, or the muscle breakdown its dark urine shows
        r"\b(?:urine|pee|piss)\b.{0,25}\b(?:dark|brown|black|cola|tea colou?red)\b"
        r"|\b(?:dark|brown|black|cola colou?red) (?:urine|pee)\b",
        r"\bspasm\w*\b.{0,60}\b(?:fever|burning up|hot to (?:the )?touch)\b"
        r"|\b(?:fever|burning up)\b.{0,60}\bspasm\w*",
        r"\b(?:temp|temperature|fever)\b.{0,12}\b(?:10[3-9]|39(?:\.\d)?|4[0-2](?:\.\d)?)\b",
        # a stimulator or pump that stopped, and the body it leaves
        r"\b(?:stimulator|dbs|battery|pump|device|generator)\b.{0,30}\b(?:stopped|died|dead|off"
        r"|failed|not working|quit|ran out|alarm\w*|beep\w*)\b.{0,120}\b(?:spasm\w*|rigid|fever"
        r"|hot|confus\w*|sweat\w*|cant (?:drink|swallow|breathe)|itch\w*)",
        # asking for help outright
        r"\b(?:call|calling|need|get|send) (?:an? |the )?(?:911|ambulance|paramedics?)\b"
        r"|\bsend help\b",
        r"\b(?:is this|this is|its|it is|having|medical) an? emergency\b|\bemergency\b",
        r"\b(?:im|i am|hes|he is|shes|she is|theyre|we are|were) dying\b(?! (?:to|for|of) )",
    ]
)

# a few minutes or hours, as in "for 20 min" or "it's been an hour"
DURATION = (
    r"(?:\d+|a few|few|couple(?: of)?|several|an?|half an?) (?:minutes|mins?|hours?|hrs?)\b"
    r"(?! (?:a day|a week|every|each|after|before))"
)
URGENT_MARKERS = re.compile(
    r"\b(?:right now|rn|just now|at the moment|currently|all of a sudden|suddenly|out of nowhere"
    r"|(?:ive|i have|weve|we have|hes|he has|shes|she has|has|have) (?:been|had)\b.{0,50}"
    r"\bfor (?:the (?:last|past) |about |like |over |almost |nearly )?"
    + DURATION
    + r"|\b(?:its|it has|has it) been (?:about |like |over |almost |nearly )?"
    + DURATION
    + r"|an? (?:hour|minute|min) ago|(?:\d+|few|couple|several) (?:minutes|mins|min|hours|hrs"
    r"|seconds|secs) ago|(?:started|began|happened) (?:\w+ )?(?:\d+|few|an?) (?:min|hour|hr)"
    r"|what (?:do|should|can) (?:i|we) do|help me|please help|pls help|help!|^help\b|hurry|asap"
    r"|(?:is|could|might|can) (?:this|it|that) (?:be )?an? (?:stroke|heart attack|seizure|overdose)"
    r"|is happening|happening now|wont stop|doesnt stop|cant stop it|by mistake|by accident"
    r"|accidentally|on accident)"
)
NOW_MARKERS = re.compile(
    r"\b(?:now|today|tonight|this (?:morning|afternoon|evening)|since (?:yesterday|last night"
    r"|this|today|\w+day|lunch|breakfast|dinner|noon|last night|(?:my|his|her|the) (?:last )?"
    r"(?:shots?|injections?|jab|botox|dysport|xeomin|myobloc|dose|surgery|fall|accident))\b"
    r"|(?:days?"
    r"|weeks?|wks?) (?:after|since)|after (?:my|his"
    r"|her|their|the|taking|getting|he|she|i)\b|started|began|keeps"
    r"|just\b (?!(?:wondering|curious|asking|reading|checking|want to know|a question|in case"
    r"|like|trying"
    r"|to (?:know|understand|check|be sure|be safe|ask))))"
)
HISTORY_MARKERS = re.compile(
    r"\b(?:(?:\d+|a few|few|couple of|several|many|two|three|four|five|ten) (?:years?|yrs?|months?)"
    r" (?:ago|back)|years ago|last (?:year|month|spring|summer|fall|autumn|winter|christmas)"
    r"|in (?:19|20)\d\d|in (?:high|middle|elementary|grade) school|in college|as a (?:kid|child"
    r"|baby|teen|teenager|toddler)|when (?:i|he|she|we) (?:was|were) \d+|it passes"
    r"|(?:its|it is|all|everything is) (?:fine|ok|okay|gone|better) now"
    r"|(?:fine|normal|ok|okay|good|better) (?:ever )?since\b"
    r"|went away|got checked out|resolved|when (?:i|he|she|we) "
    r"(?:was|were) (?:a |young|little)|(?:for|over) (?:a few |several |many |the past |the last )?"
    r"(?:\d+ )?(?:years|months)|been like that for|history of|used to|once last|back in)"
)
# A person and a present-tense verb just before the sign: "my wife is having [trouble
# breathing]", "he just [collapsed]"; "my mom had a [stroke]" is not one.
LIVING_IT = re.compile(
    r"\b(?:(?:im|i am|ive|weve|theyve|hes|he is|shes|she is|theyre|they are|we are|its|it is"
    r"|(?:i|we|he|she"
    r"|they|someone|somebody|(?:my|his|her|our|the|this) " + PERSON + r"s?)(?: \w+)? (?:is|are|am"
    r"|has|have|having|keeps?|cant|cannot|wont|isnt|arent|just|suddenly|feels?|looks?|seems?|got"
    r"|getting|started|starting|went|turned|now)))\b(?: \w+){0,2}\s*$"
)
# A person right before a sign that carries its own present or negated verb:
# "my son [cant breathe]", but not "i [fainted] once in high school".
PERSON_THEN_SIGN = re.compile(
    r"\b(?:i|he|she|they|we|someone|somebody|(?:(?:my|his|her|our|the|a) )?" + PERSON + r"s?) "
    r"(?:cant|cannot|can not|couldnt|isnt|is not|not|wont|keeps?|barely|hardly|is|are|took"
    r"|has taken|swallowed|ate|drank|collapsed|fainted|passed)\b"
)
QUESTION = re.compile(
    r"\?|^(?:can|could|does|do|is|are|will|would|what|whats|how|why|which|should|when|where"
    r"|may|might|has|have|any|tell me|i wonder|wondering)\b|\b(?:could|can|does|would|will|is"
    r"|might) (?:that|this|it) (?:be|cause|mean|put|make|lead|have|give|affect|trigger)\b"
)

# Phrases that only look like a sign; set aside before matching (bot.safety.rules). A
# crisis word asked about in general (a leaflet's "suicidal thoughts", the 988 line
# itself) is not set aside: its reply costs a line of text (bot.safety.rules).
STOPPED_MEDICINE = r"(?:it|them|(?:(?:my|his|her|the|your) )?" + MEDICINE + r")\b"
SET_ASIDE = re.compile(
    r"\bnot (?:an? )?emergency\b|\bnon[- ]?emergency\b"
    r"|\b(?:(?:im|i am|hes|he is|shes|she is) )?not suicidal(?: or anything)?\b"
    r"|\bi (?:just )?collapsed into bed\b"
    # a small choke that settled: "choked a little on his coffee, coughed and was fine"
    r"|\bchok(?:ed|es) (?:a (?:little|bit)|slightly)\b(?=.{0,80}\b(?:and|then|but) (?:it |he "
    r"|she |i |they )?(?:was|were) (?:fine|ok|okay|better)\b)"
    # a crisis denied in so many words: "I'm not thinking of hurting myself, just sad"
    r"|\b(?:not|never) (?:thinking|thought|had thoughts) (?:of|about) (?:hurting|harming|killing)"
    r" (?:my ?self|him ?self|her ?self)\b(?!.{0,40}\b(?:but|until|anymore|lately))"
    # "withdrawal can cause seizures if you stop suddenly": how a medicine is stopped
    r"|\b(?:stops?|stopping|stopped|quits?|quitting) (?:taking )?"
    + STOPPED_MEDICINE
    + r" (?:suddenly|abruptly|cold turkey)"
    r"|\bif (?:you|someone|a person|people|they) (?:stops?|quits?) (?:\w+ )?(?:suddenly|abruptly"
    r"|cold turkey)"
    + r"|\bsuddenly (?:stops?|stopping|stopped|quits?|quitting) (?:taking )?"
    + STOPPED_MEDICINE
    # "breathing fine", but never "not breathing normally" (a negation is no reason to skip)
    + r"|(?<!not )(?<!isnt )(?<!arent )(?<!wasnt )(?<!no longer )(?<!im not )(?<!trouble )"
    r"(?<!difficulty )(?<!struggling )(?<!problems )(?<!hard time )"
    r"\b(?:swallowing|breathing|talking|speaking|eating)(?: and (?:swallowing|breathing|talking"
    r"|speaking|eating))? (?:fine|ok|okay|normally|normal|well)\b"
    r"|\bcan (?:still )?(?:swallow|breathe|talk|speak|eat)(?: and (?:swallow|breathe|talk|speak"
    r"|eat))? (?:fine|ok|okay|normally|normal|well)\b"
    r"|\bemergency (?:binder|plan|kit|contacts?|card|bag|info|information|number)\b"
    r"|\b(?:risks?|chances?) of (?:a |having a |having )?(?:seizures?|strokes?|choking|overdose)"
    r"|\b(?:choking|cpr|seizure|stroke) first aid\b"
    r"|\bused to (?:self[ -]?harm|cut(?: myself)?)\b(?=.{0,60}\b(?:doing (?:well|better|good|fine)"
    r"|years ago|as a (?:teen|teenager|kid)|in (?:high )?school))"
    r"(?!.*\b(?:again|started|start|want to|wanna|tonight|relaps\w*|urge))"
)
HYPOTHETICAL = re.compile(
    # "if he ever has one"; not "worst I've ever had" or "never had one before" (a first time)
    r"\b(?:ever (?:has|gets)|if (?:\w+ ){0,3}ever (?:has|gets|starts|goes|have|get|start|stops)"
    r"|just in case|in case (?:\w+ ){0,3}ever (?:has|gets|starts|have|get)"
    r"|(?:want|wanna|need|like) to be (?:ready|prepared)|to be prepared"
    r"|(?:writing|making|write|make) a care plan"
    r"|(?:caregiver|first aid|cpr) (?:class|course|training))\b"
)
RIGHT_NOW = re.compile(r"\b(?:right now|rn|just now|currently|is happening|happening now)\b")

ENGLISH = LanguageRules(
    lang="en",
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
