"""The words and patterns redaction.py finds personal details with (data, kept apart from the logic).

Placeholders, cue words (titles, role words, name cues, plate and ID cues), the words that are never
a name, the public buildings an officer may name, and the regular expressions for each kind.
"""

from __future__ import annotations

import re

PLACEHOLDERS = {"name": "[NAME]", "dob": "[DOB]", "phone": "[PHONE]", "address": "[ADDRESS]", "nysid": "[NYSID]",
                "a_number": "[A-NUMBER]", "ssn": "[SSN]", "email": "[EMAIL]", "plate": "[PLATE]", "id": "[ID]"}

# Titles and ranks before a name ("Agent Smith", "Deputy Marshal Reyes"): never part of the name.
TITLE_WORDS = {"mr", "mrs", "ms", "miss", "mx", "dr", "sr", "sra", "srta", "señor", "señora", "don", "doña", "agent",
               "agents", "officer", "officers", "po", "p.o", "det", "detective", "sgt", "sergeant", "lt", "lieutenant",
               "capt", "captain", "inspector", "deputy", "marshal", "marshals", "special", "sa", "tfo", "trooper",
               "investigator", "deportation", "probation", "parole", "chief", "commissioner", "mister"}
# People a question names by their role ("the victim maria lopez", "his wife ana", "my CI frankie").
ROLE_WORDS = {"prisoner", "inmate", "detainee", "suspect", "witness", "wit", "victim", "víctima", "defendant",
              "arrestee", "complainant", "comp", "perp", "perpetrator", "subject", "client", "aided", "kid", "minor",
              "juvenile", "male", "female", "wife", "husband", "spouse", "partner", "ex", "bf", "gf", "boyfriend",
              "girlfriend", "mom", "mother", "mama", "mamá", "dad", "father", "papá", "son", "daughter", "hijo",
              "hija", "brother", "sister", "hermano", "hermana", "cousin", "primo", "prima", "uncle", "aunt", "tío",
              "tía", "grandma", "grandmother", "grandpa", "grandfather", "abuela", "abuelo", "nephew", "niece",
              "neighbor", "neighbour", "vecino", "vecina", "tenant", "landlord", "roommate", "ci", "informant",
              "driver", "rider", "owner", "passenger", "caller", "friend", "amigo", "amiga", "lawyer", "attorney",
              "muchacho", "muchacha", "girl", "boy", "daddy", "mama's"}
# Words that follow a cue but are not names ("named in the warrant", "the victim says …").
STOPWORDS = {
    "a", "an", "the", "in", "on", "at", "as", "of", "to", "for", "by", "and", "or", "but", "is", "was", "who", "that",
    "this", "he", "she", "they", "him", "her", "his", "their", "it", "we", "i", "you", "me", "us", "our", "my", "its",
    "be", "been", "being", "will", "would", "can", "could", "may", "might", "should", "must", "shall", "from", "with",
    "about", "after", "before", "when", "where", "what", "which", "whose", "then", "there", "here", "if", "not",
    "no", "yes", "so", "also", "just", "still", "today", "yesterday", "tomorrow", "now", "later", "person", "man",
    "woman", "guy", "lady", "someone", "somebody", "are", "were", "does", "do", "did", "tell", "give", "share",
    "release", "hold", "address", "status", "target", "targets", "individual", "party", "people", "unk", "unknown",
    "none", "maybe", "possibly", "probably", "allegedly", "only", "yet", "too", "again", "never", "always", "either",
    "both", "all", "any", "some", "one", "each", "every", "re", "aka", "here's", "he's", "she's", "isn't", "wasn't",
    "doesn't", "didn't", "won't", "can't", "cant", "dont", "don't", "y", "el", "la", "los", "las", "que", "se", "su",
    "es", "sí", "vino", "dice", "quiere", "está", "name", "named", "number", "phone", "cell", "info", "stuff",
    "first", "last", "real", "full", "nickname", "street", "home", "apt", "house", "car", "plate", "tag", "case",
    "near", "into", "outside", "inside", "behind", "around", "over", "under", "up", "down", "off", "out", "back",
    "away", "through", "because", "since", "while", "until", "than", "like", "without", "per", "via", "how", "why",
} | TITLE_WORDS | ROLE_WORDS


def _words(text: str) -> list[str]:
    return text.split()


# Common verbs (with their -s/-ed/-ing forms) that follow a role word: "the witness saw", "his wife called".
_VERBS = _words(
    "say tell call want come go leave live stay give get take see hear know ask email text knock answer "
    "refuse flee run drive own work speak rent move sign file report claim admit deny show walk talk meet "
    "need think wait try use keep find look turn start help open close send bring buy pay sell hit steal "
    "hide sleep cry agree decline arrest book charge cooperate identify describe visit return happen seem "
    "remember believe cc threaten punch scream yell stop escape fight drop pick confirm inform assume "
    "form harm arm volunteer spit have snatch rob test testify")
_IRREGULAR = _words(
    "said told came went left gave got gotten took taken saw seen heard knew known fled ran drove driven "
    "spoke met thought kept found brought bought paid sold stole hid slept fought had has having says")
# Short words, chat abbreviations and Spanish function words an officer types after a role word.
_OTHER = _words(
    "instead straight next fine lost incl bc idk w thats rn tho pls plz gonna wanna gotta ok okay terror "
    "es tiene tienen habla hablan solo sola quiere quieren dice dicen vive viven necesita está están fue "
    "era son sabe puede va trabaja llegó salió muy ya también pero porque cuando donde aquí allí detenido "
    "detenida arrestado arrestada deportado deportada asustado asustada herido herida lastimado lastimada")
COMMON_WORDS = frozenset({v + e for v in _VERBS for e in ("", "s", "es", "d", "ed", "ing")} | set(_IRREGULAR)
                         | {v[:-1] + "ing" for v in _VERBS if v.endswith("e")} | {"cc'd", "dat'd"} | set(_OTHER))
# Read strictly (after a bare role word), a lower-case word with one of these endings is a word, not a name.
WORD_ENDING = re.compile(r"(?:ings?|tions?|sions?|ments?|ness|ous|ive|able|ible|ful|less|ity|ism|ized?|ally|ently|"
                         r"antly|edly|fully|ously|ively|ately|[a-z]{3}(?<![em])ed|[a-z]{4}(?:ant|ent|ate)|[a-z]{5}cy|"
                         r"[a-z]{6}(?:ad|id)[oa]s?)$")
CONTRACTION = re.compile(r"[a-z]['’](?:re|m|ve|ll|d|s|t)$")
# Capitalised words that are names in English but also common words: kept in "Will Bishop", "May Chen".
NAMEABLE = {"will", "may", "don", "hope", "grant", "rose", "june", "april", "mark", "bill", "art", "sue", "joy"}
# Upper-case words that are agencies, forms or laws, never a person (after "witness", "named", …).
ACRONYMS = {"ICE", "ERO", "HSI", "DHS", "CBP", "FBI", "DEA", "ATF", "JTTF", "NYPD", "DOC", "DOI", "NYSID", "NCIC",
            "DCJS", "US", "USA", "NY", "NYC", "NYS", "EO", "LL", "DA", "ADA", "PD", "FPS", "USMS", "OK", "I", "DOB",
            "SSN", "ID", "ICO", "IAB", "TARU", "ESU", "CO", "XO", "PAA", "UC", "Legal", "Bureau", "Court", "Rikers",
            "TFO", "SA", "CI", "DAT", "DL", "TLC", "EMS", "ACS", "RMP", "PSA", "PCT", "SDNY", "EDNY", "USCIS", "NJ",
            "CT", "PA", "FL", "CA", "DIR", "MOU", "PL", "PG", "UF", "DD", "AMKC", "EMTC", "CIN", "IDNYC", "LLC"}
# Places and words a question may capitalise that the corpus happens not to use.
PLACE_WORDS = {"new", "york", "city", "manhattan", "brooklyn", "bronx", "queens", "staten", "island", "precinct",
               "street", "avenue", "plaza", "square", "park", "station", "airport", "court", "hall", "building",
               "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "please", "hello", "hi",
               "thanks", "yesterday", "today", "tonight", "tomorrow", "morning", "afternoon", "evening", "night",
               "desk", "squad", "unit", "team", "task", "force", "sector", "houses", "hospital", "heights", "hills",
               "center", "centre", "academy", "central", "college", "llc", "inc", "corp", "village", "gardens",
               "st", "ave", "av", "rd", "blvd", "pkwy", "expy", "hwy", "ln", "pl", "dr", "ct", "ter", "sq", "road",
               "boulevard", "parkway", "expressway", "highway", "lane", "place", "drive", "terrace", "broadway"}
# Public buildings an officer names in a question; an address here identifies no one (street types spelled out).
PUBLIC_ADDRESSES = {"26 federal plaza", "1 police plaza", "one police plaza", "100 centre street", "1 centre street",
                    "201 varick street", "290 broadway", "1 federal plaza", "60 centre street", "80 centre street",
                    "111 centre street", "346 broadway", "215 east 161st street", "851 grand concourse",
                    "120 schermerhorn street", "320 jay street", "360 adams street", "125-01 queens boulevard",
                    "18 richmond terrace", "26 central avenue", "28-11 college point boulevard"}
ABBREVIATIONS = {"st": "street", "ave": "avenue", "av": "avenue", "blvd": "boulevard", "pl": "place", "e": "east",
                 "w": "west", "n": "north", "s": "south", "fed": "federal", "rd": "road", "pkwy": "parkway"}

MONTHS = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|"
          r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
DATE = (rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|(?:19|20)\d\d(?:0[1-9]|1[0-2])[0-3]\d"
        rf"|\d{{1,2}}[-\s]{MONTHS}[-\s,]+(?:\d{{4}}|\d{{2}})|{MONTHS}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
        rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{MONTHS},?\s+(?:\d{{4}}|'?\d{{2}})|{MONTHS},?\s+\d{{4}}|\d{{4}})(?!\d)")
NAME_TOKEN = (r"(?:(?:[A-Z][’']|Mc|Mac)?[A-Z][a-zA-Z'’\u00C0-\u017F-]*[a-zA-Z\u00C0-\u017F]|[A-Z]\.?)")
PARTICLE = r"(?:de|del|de la|da|dos|van|von|der|le|la|al|el|bin|ibn|mc|o')"
CAP_NAME = rf"{NAME_TOKEN}(?:\s+(?:{PARTICLE}\s+)?{NAME_TOKEN}){{0,3}}"
STREET_TYPES = (r"(?:street|st|avenue|ave|av|boulevard|blvd|road|rd|place|pl|drive|dr|lane|ln|court|ct|parkway|"
                r"pkwy|terrace|ter|way|plaza|square|sq|highway|hwy|broadway|concourse|expressway|expy|turnpike|"
                r"tpke|walk|loop|crescent|row|alley)")
# Lower-case street types that are not also everyday words ("from way back", "in place of").
LOWER_STREET_TYPES = (r"(?:street|st|avenue|ave|boulevard|blvd|road|rd|parkway|pkwy|terrace|concourse|broadway|"
                      r"expressway|expy|highway|hwy|turnpike|tpke)")
UNIT = (r"(?:,?\s*(?:(?i:apt|apartment|unit|suite|ste|fl|floor|room|rm|piso|#)\.?\s*#?\s*[0-9A-Za-z-]{1,5}\b"
        r"|\d{1,2}(?i:st|nd|rd|th|do|ro|er|to)\s+(?i:fl|floor|piso)\b)|\s+\d{1,3}[A-Za-z]\b)")
TOWN = r"(?:,\s+[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?(?=[\s,.;:?!)]|$))"
BOROUGH = r"(?:,?\s+(?i:bx|bronx|bklyn|bk|brooklyn|manhattan|queens|qns|staten island|s\.i\.|nyc)(?![\w]))"
# ", Jamaica, NY 11432" / " Brooklyn 11229": the optional town and state only count when a ZIP follows.
ZIP = r"(?:,?(?:\s+[A-Z][a-z]+){0,2},?(?:\s+(?:NY|NJ|N\.Y\.|New York))?,?\s+\d{5}(?:-\d{4})?\b)"
ADDRESS_TAIL = rf"(?:{UNIT}{TOWN}?)?{BOROUGH}?{ZIP}?"
CROSS = r"(?:\d{1,3}(?:st|nd|rd|th)?|(?:St\.?\s+)?[A-Z][a-z]+)"
DIGIT_WORD = r"(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)"

# A cue and the name after it (read by redaction._name_after). A strong cue ("named", "goes by") takes a
# lower-case name as it comes; after a role word ("victim", "his wife") a lower-case name is read strictly.
STRONG_CUES = (r"named|name is|name's|names are|known as|a\.?k\.?a\.?|alias|surname|last name|first name|real name|"
               r"full name|under the name(?: of)?|by the name(?: of)?|goes by(?: the name(?: of)?)?|go by|"
               r"calls? (?:him|her)|identified as|se llama|llamad[oa]|el señor|la señora")
NAME_CUE = re.compile(
    rf"(?i:\b(?:(?P<strong>{STRONG_CUES})|(?P<pair>registered to(?: an?)?|came back to(?: an?)?)|la víctima|name|"
    rf"{'|'.join(sorted(map(re.escape, ROLE_WORDS), key=len, reverse=True))}))"
    r"(?!['’]s\b)(?P<sep>\s*[,:]\s*|\s+)(?:(?P<cop>(?i:is|was|es))\s+)?"
    r"(?:(?P<fill>(?i:named|name|maybe|possibly|probably|called))\s+)?")
CLAUSE_END = re.compile(r"\s*(?:[,.;!?)]|$|\s(?:and|but|y)\b)")
TITLE_CUE = re.compile(r"(?:\b(?i:mr|mrs|ms|miss|mx|dr|mister|señor|señora|sr|sra|srta|don|doña)\.?|"
                       r"\b(?:P\.?O|Det|Sgt|Lt|Capt)\.?|\b(?:Agent|Officer|Detective|Sergeant|Lieutenant|Captain|"
                       r"Inspector|Deputy|SA|TFO|Marshal|Trooper|Investigator))\s+")
LOWER_TITLES = re.compile(r"(?i)(?:mr|mrs|ms|señor|señora|sr|sra|don|doña)\.?\s+$")
PLATE_CUE = re.compile(r"(?i)\b(?:(?:vanity|moto|motorcycle|tlc|commercial|dealer|temp|paper)\s+)?(?:plates?|tags?|reg|"
                       r"registration|licen[cs]e plate)\b(?:\s+(?:number|no\.?|#))?(?:\s*(?:[:#,]|is|was|reads|run|"
                       r"came back to|of)\s*)*\s*(?:(?:NY|NJ|CT|PA|FL|CA|TX|MA)\s+)?")
PLATE_TOKEN = re.compile(r"[A-Za-z0-9]{1,8}(?:[- ][A-Za-z0-9]{1,8})?(?![\w-])")
PLATE_LIST = re.compile(r"\s*,\s*(?:and\s+)?(?:(?:NY|NJ|CT|PA|FL|CA)\s+)?")

# (kind, pattern, group whose span is replaced). Order matters only for readability: spans are merged.
PATTERNS: list[tuple[str, re.Pattern[str], int]] = [
    ("email", re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b"), 0),
    ("email", re.compile(r"(?i)\b[\w.+-]+\s+(?:at|\(at\)|\[at\])\s+[\w-]+"
                         r"(?:\s+(?:dot|\(dot\)|\[dot\])\s+[a-z]{2,6})+\b"), 0),
    ("ssn", re.compile(r"(?i)\b(?:ssn|ss\s?#|ss no\.?|social security(?: number| no\.?| #)?|soc\.? sec\.?|social)"
                       r"[\s:#]*(?:is\s+)?(\d{3}[- .]?\d{2}[- .]?\d{4})\b"), 1),
    ("ssn", re.compile(r"(?i)\blast\s+(?:4|four)(?:\s+digits)?(?:\s+of\s+(?:the|his|her)\s+(?:social|ssn|ss))?"
                       r"[\s,:]+(\d{4})\b"), 1),
    ("ssn", re.compile(r"\b\d{3}-\d{2}-\d{4}\b"), 0),
    ("a_number", re.compile(r"(?i)\b(?:a[- ]?number|a-?no\.?|alien (?:registration )?(?:number|no\.?|#)|a#|"
                            r"registration number)[\s:#]*(?:is\s+)?((?:A[-\s]?)?\d{3}[-\s]?\d{3}[-\s]?\d{2,3})\b"), 1),
    ("a_number", re.compile(r"\b[Aa](?:-|#|#\s)?\d{3}[-\s]?\d{3}[-\s]?\d{3}\b|\b[Aa]-?\d{8}\b"
                            r"|\bA\s\d{3}[-\s]\d{3}[-\s]\d{3}\b"), 0),
    ("nysid", re.compile(r"(?i)\bnysid(?:\s+(?:number|no\.?|#))?[\s:#]*(?:is\s+)?(\d{6,9}[a-z]?)\b"), 1),
    ("nysid", re.compile(r"\b\d{7,8}[A-Z]\b"), 0),
    ("dob", re.compile(rf"(?i)\b(?:dob|d\.o\.b\.?|date of birth|birth ?date|birthday|bday|born(?:\s+(?:on|in))?|"
                       rf"fecha de nacimiento|nacid[oa](?:\s+el)?|(?<![\w.])b\.)[\s:,(-]*(?:is\s+|was\s+)?"
                       rf"(?:the\s+)?({DATE})"), 1),
    # A full numeric date before 2010 in a question about a request is almost always someone's birth date.
    ("dob", re.compile(r"\b\d{1,2}[/.-]\d{1,2}[/.-](?:19\d\d|200\d)\b"), 0),
    ("phone", re.compile(r"(?<![\w-])(?:\+?1[\s.-]?)?(?:\(\d{3}\)\s?|\d{3}[\s.-])\d{3}[\s.-]\d{4}\b"
                         r"(?:\s*(?i:ext\.?|x|extension)\s*\d{1,5}\b)?"), 0),
    ("phone", re.compile(r"(?<![\w.$,/-])(?:\+?1)?[2-9]\d\d[2-9]\d{6}(?![\w-])"), 0),  # bare 10- or 11-digit runs
    ("phone", re.compile(r"(?i)\b(?:phone|cell|tel|telephone|mobile|number|burner|"
                         r"call(?:ed)?(?:\s+(?:him|her|them|me))?"
                         r"(?:\s+back)?(?:\s+at)?)(?:\s+(?:number|no\.?|#|is))*[\s:#]*(\d{10}|\d{3}[\s.-]\d{4})\b"), 1),
    ("phone", re.compile(rf"(?i)\b(?:{DIGIT_WORD}[\s,-]+){{6,10}}{DIGIT_WORD}\b"), 0),
    ("address", re.compile(
        rf"(?:\b(?i:basement|rear|front|top[- ]floor|ground[- ]floor)\s+(?i:apt|apartment|unit)\s+(?:of|at|in)\s+)?"
        rf"(?<![\w.,/-])\d{{1,5}}(?:-\d{{1,4}})?[A-Za-z]?\s+(?:(?:[NSEW]\.?|North|South|East|West)\s+)?"
        rf"(?:(?:[A-Z][\w'.-]*|\d{{1,3}}(?:st|nd|rd|th)?)\s+){{0,3}}(?i:{STREET_TYPES})\b\.?{ADDRESS_TAIL}"), 0),
    ("address", re.compile(rf"(?<![\w.,/-])\d{{1,5}}\s+(?:[a-z]+\s+){{1,2}}{LOWER_STREET_TYPES}\b{ADDRESS_TAIL}"), 0),
    ("address", re.compile(rf"\b\d{{1,5}}\s+(?:Avenue|Ave\.?)\s+(?:[A-D]|of the Americas)\b{ADDRESS_TAIL}"), 0),
    ("address", re.compile(rf"\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:Houses|Towers|Homes|Projects)"
                           rf"(?:,?\s+(?i:building|bldg)\.?\s*\w{{1,4}})?{UNIT}{BOROUGH}?{ZIP}?"), 0),
    ("address", re.compile(rf"(?i:\bcorner\s+of\s+){CROSS}\s+(?:and|&)\s+{CROSS}"), 0),
    ("address", re.compile(rf"(?i:\b(?:stays|staying|lives|living|vive|hangs out)\s+(?:on|at|en|near)"
                           rf"(?:\s+la)?|\ben la)"
                           rf"\s+({CROSS}\s+(?:and|&|y)\s+{CROSS})"), 1),
    ("address", re.compile(r"\bin\s+(\d{1,2}[A-HJ-NP-Z])\b(?![\w-])"), 1),  # "Ms. D'Angelo in 5C": a flat
    ("name", re.compile(rf"(?i:\b(?:named|name is|name's|names are|known as|a\.?k\.?a\.?|alias|surname|last name|"
                        rf"first name|called|identified as|by the name(?: of)?))\s+({CAP_NAME})"), 1),
    ("plate", re.compile(r"(?<![\w-])(?:T\d{6}C|[A-Z]{3}-?\d{4}|[a-z]{3}\d{4})(?![\w-])"), 0),  # TLC; NY ABC-1234
    ("id", re.compile(r"(?i:\b(?:hack licen[cs]e|(?:driver'?s )?licen[cs]e(?: number| no\.?| #)?|DL\s?#?|"
                      r"passport(?: number| no\.?| #)?|IDNYC(?: card)?(?: number| no\.?| #)?|CIN|"
                      r"medicaid(?: number| no\.?| #)?|FBI\s?(?:#|number|no\.)|B&C(?: number| #)?|"
                      r"book(?:ing)? and case(?: number)?|arrest(?: number| no\.?| #)|docket(?: number| no\.?| #)?|"
                      r"ind(?:ictment)?\.?\s?(?:no\.?|number|#)|complaint(?: number| no\.?| #)|"
                      r"summons(?: number| no\.?| #)|case (?:number|no\.?|#)))"
                      r"[\s:#]*(?:is\s+|was\s+)?(?:no\.?\s*)?"
                      r"((?=[A-Z0-9 -]*\d)[A-Z0-9](?:[A-Z0-9-]|\s(?=\d)){3,24}[A-Z0-9])"),
     1),
]
TITLE_RUN = re.compile(r"\b(?:[A-Z][’']|Mc|Mac)?[A-Z][a-z\u00C0-\u017F]+(?:[A-Z][a-z\u00C0-\u017F]+)?"
                       r"(?:['’-][A-Za-z\u00C0-\u017F]+)*"
                       r"(?:\s+(?:[A-Z][’']|Mc|Mac)?[A-Z][a-z\u00C0-\u017F]+(?:[A-Z][a-z\u00C0-\u017F]+)?"
                       r"(?:['’-][A-Za-z\u00C0-\u017F]+)*)+")
NOT_A_PERSON_AFTER = re.compile(rf"\s+(?:(?i:{STREET_TYPES})\b|(?:LLC|Inc|Corp|Co)\b)")
LOWER_TOKEN = re.compile(r"[a-z\u00C0-\u017F][a-z\u00C0-\u017F'’-]*(?=[\s,.;!?)]|$)")
ACCENTED = re.compile(r"(?<=[a-z,;:] )[A-Z][a-z]*[\u00C0-\u017F][a-z\u00C0-\u017F]*\b(?<!ción)(?<!sión)")
