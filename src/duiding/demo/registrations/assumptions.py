"""Every figure the simulation rests on, with where it comes from.

"CBS" and "VNG" figures are rounded national orders of magnitude, good enough to make a demo
look like a Dutch municipality; "demo choice" marks a figure chosen to make an indicator
show something (differences between wijken, movement over time) rather than taken from a
publication. Rates are per year unless said otherwise; the levels refer to 2023 and the
trends run from there.
"""

from __future__ import annotations

from datetime import date

# --- Population (KWB) -------------------------------------------------------------------------

KWB_YEAR = 2023
"""KWB edition the synthetic population and the volumes follow (brief: KWB 2023)."""
KWB_REFERENCE = date(2023, 1, 1)
"""CBS counts inhabitants on 1 January; the synthetic persons have their KWB age on this day."""
ELDERLY_SPLIT = ((65, 74, 0.54), (75, 84, 0.35), (85, 99, 0.11))
"""CBS StatLine bevolking 2023: of the Dutch 65+, about 54% are 65–74, 35% 75–84 and 11% 85 or older."""
FEMALE_SHARE = ((0, 0.49), (65, 0.54), (85, 0.65))
"""CBS: slightly more boys are born; women are the majority from 65 and two thirds from 85 (age, share)."""
SINGLE_PARENT_SHARE = 0.2
"""CBS huishoudens: about 1 in 5 households with children under 18 is an eenoudergezin."""
PARENT_AGE_GAP = (22, 40)
"""Demo choice: a parent is 22–40 years older than the oldest child of the household."""
SINGLE_WEIGHT = ((18, 2.0), (30, 1.0), (65, 1.3), (75, 2.5))
"""CBS: living alone is most common under 30 and over 75 (relative weight from age)."""
CHILDREN_PER_FAMILY = 1.8
"""CBS: households with children have on average 1.8 children (used only when KWB misses the count)."""

# --- Identities -------------------------------------------------------------------------------

BSN_PREFIX = "99"
"""RvIG's test BSNs start with 9999, but that range has only 9,091 valid numbers and the registrations
hold ~95,000 people (the population 368,000): '99' gives 900,000, the test range included."""
AOW_AGE = 67
"""AOW age (67 from 2024; 66 and some months before): bijstand ends when it starts."""

# --- Time ---------------------------------------------------------------------------------------

SEASON = (1.05, 1.0, 1.05, 1.0, 0.95, 0.9, 0.75, 0.7, 1.15, 1.2, 1.15, 0.85)
"""Demo choice after CBS monthly series: fewer starts in the summer holidays, most in autumn (Jan…Dec)."""
QUARTER_NOISE = 0.05
"""Demo choice: quarter-to-quarter noise (standard deviation of a factor around 1) on every flow."""
COVID_DIP = {(2020, 3): 0.85, (2020, 4): 0.7, (2020, 5): 0.8, (2020, 12): 0.9, (2021, 1): 0.9}
"""Demo choice after CBS: fewer new jeugdhulp, Wmo and wijkteam starts in the spring 2020 and winter lockdowns."""

# --- Bijstand (Participatiewet) -----------------------------------------------------------------

BIJSTAND_HUISHOUDTYPE = {
    "alleenstaand": 0.6,
    "alleenstaande_ouder": 0.2,
    "paar_zonder_kinderen": 0.08,
    "paar_met_kinderen": 0.12,
}
"""Demo choice after CBS Bijstandsuitkeringenstatistiek: most bijstand households are single, ~1 in 5 single parents."""
BIJSTAND_AGE_WEIGHT = ((18, 0.3), (27, 1.0), (45, 1.1))
"""Demo choice after CBS: few bijstand recipients are under 27 (students rarely qualify) (weight from age)."""
PERSONS_PER_UITKERING = 1 + BIJSTAND_HUISHOUDTYPE["paar_zonder_kinderen"] + BIJSTAND_HUISHOUDTYPE["paar_met_kinderen"]
"""KWB counts persons with bijstand, both partners of a couple: persons per uitkering (household)."""
BIJSTAND_SHORT = (0.25, 10.0)
"""Demo choice: a quarter of uitkeringen are short, ending within about a year (share, mean months)…"""
BIJSTAND_LONG = (0.75, 84.0)
"""…the rest lasts years, so long-term recipients dominate the stock, as in CBS figures (share, mean months)."""
BIJSTAND_MAX_YEARS = 10
"""Demo choice: no uitkering lasts longer than this, so the simulation starts this many years early."""
BIJSTAND_TREND = -0.03
"""Demo choice after CBS: the number of uitkeringen fell slowly after 2019 (inflow trend per year)."""
BIJSTAND_WERK = (0.55, 0.2)
"""CBS: roughly a third of uitstroom is to work, mostly after short spells (chance after short, long spells)."""

# --- Jeugd (Jeugdwet) ---------------------------------------------------------------------------

JEUGD_STARTS_PER_YOUTH = 0.06
"""Tuned (starts per 0–17 year-old per year) so that ~11% have jeugdzorg in a year (CBS: about 1 in 10)."""
JEUGD_TREND = 0.02
"""Demo choice after CBS Beleidsinformatie Jeugd: jeugdzorg use grew slowly 2019–2023 (per year)."""
JEUGD_VORM = {
    "ambulant": 0.825,
    "verblijf": 0.08,
    "pleegzorg": 0.05,
    "jeugdbescherming": 0.03,
    "jeugdreclassering": 0.015,
}
"""Brief (after CBS Beleidsinformatie Jeugd): of new trajecten verblijf ~8%, pleegzorg ~5%, most ambulant."""
JEUGD_VERBLIJFSVORM = {"gezinshuis": 0.25, "residentieel": 0.6, "gesloten": 0.05, "overig": 0.1}
"""Demo choice after CBS: most jeugdhulp with verblijf (without pleegzorg) is residential; gesloten is rare."""
JEUGD_MEDIAN_MONTHS = {
    "ambulant": 7.0,
    "verblijf": 8.0,
    "pleegzorg": 20.0,
    "jeugdbescherming": 14.0,
    "jeugdreclassering": 8.0,
}
"""Demo choice of CBS order: ambulant trajecten last months, verblijf a bit longer, pleegzorg years (median months)."""
JEUGD_MAX_YEARS = 6
"""Demo choice: no traject lasts longer than this, so the simulation starts this many years early."""
JEUGD_AGE_WEIGHT = (0.3, 0.4, 0.5, 0.6, 0.8, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.1, 1.15, 1.2, 1.2, 1.15, 1.0)
"""Demo choice after CBS: jeugdhulp is least common among toddlers, most common at 12–16 (weight, age 0–17)."""
JEUGD_BOYS = 1.2
"""CBS: boys receive jeugdhulp somewhat more often than girls (relative weight)."""
JEUGD_VERLENGD = 0.25
"""Demo choice: share of trajecten running at the 18th birthday that continue as verlengde jeugdhulp (to 23)."""
JEUGD_FOLLOW_UP = 0.2
"""Demo choice: share of ended trajecten followed by a new one for the same youth within two months."""
JEUGD_WITH_JB = 0.5
"""Demo choice: share of jeugdbescherming maatregelen with a jeugdhulp traject beside them."""
JEUGD_REDEN = {"volgens_plan": 0.7, "voortijdig_client": 0.1, "voortijdig_aanbieder": 0.06, "verhuizing": 0.04}
"""CBS Beleidsinformatie Jeugd: about 70% of ended jeugdhulptrajecten end volgens plan; the rest 'overig'."""
JEUGD_MAATREGEL_VOLGENS_PLAN = 0.8
"""Demo choice: most jeugdbescherming and jeugdreclassering maatregelen end as the court decided."""
JEUGD_NO_HOUSEHOLD = 0.03
"""Demo choice: share of trajecten whose household is not known to the registration."""
GESLACHT_ONBEKEND = 0.003
"""Demo choice: share of rows where the registration does not know the sex."""
JEUGD_AANBIEDER_SPREAD = 0.08
"""Demo choice: an aanbieder's share ending volgens plan differs up to this much from the average."""
JEUGD_AANBIEDERS = {
    "ambulant": ("Jeugdzorg Utrecht Midden", "Kwadrant Zorg", "Zonnedauw Jeugdhulp", "Praktijk Kompas & Koers"),
    "verblijf": ("Huize Vechtoever", "Kwadrant Zorg", "Gezinshuizen Domstreek"),
    "pleegzorg": ("Pleegzorg Wilgenrijk", "Jeugdzorg Utrecht Midden"),
    "jeugdbescherming": ("Jeugdbescherming Domstreek",),
    "jeugdreclassering": ("Jeugdbescherming Domstreek",),
}
"""Invented aanbieders (any likeness to a real organisation is accidental); the first of a list is the largest."""

# --- Wmo ------------------------------------------------------------------------------------------

WMO_NEW_CLIENTS = ((0, 17, 0.002), (18, 64, 0.015), (65, 74, 0.05), (75, 84, 0.12), (85, 110, 0.22))
"""Tuned (new clients per inhabitant of the age band per year) so that 6–7% have Wmo in a year (brief: 6–8%)."""
WMO_TREND = 0.03
"""Demo choice after CBS Monitor Wmo: use grew by a few percent a year (ageing, abonnementstarief since 2019)."""
WMO_SOORT = {
    "jong": {"hulpmiddelen": 0.5, "woonvoorziening": 0.3, "vervoer": 0.2},
    "volwassen": {
        "begeleiding": 0.42,
        "hulp_bij_het_huishouden": 0.14,
        "dagbesteding": 0.1,
        "hulpmiddelen": 0.14,
        "vervoer": 0.08,
        "woonvoorziening": 0.04,
        "beschermd_wonen": 0.08,
    },
    "oud": {
        "hulp_bij_het_huishouden": 0.42,
        "hulpmiddelen": 0.25,
        "vervoer": 0.15,
        "begeleiding": 0.07,
        "dagbesteding": 0.04,
        "woonvoorziening": 0.07,
    },
}
"""Demo choice after CBS Monitor Wmo: begeleiding dominates under 65, huishouden and hulpmiddelen from 65."""
WMO_EXTRA = {"jong": 0.15, "volwassen": 0.25, "oud": 0.4}
"""Demo choice: chance a client gets one more (different) voorziening within a year; older more often."""
WMO_MEDIAN_MONTHS = {
    "hulp_bij_het_huishouden": 36.0,
    "begeleiding": 12.0,
    "dagbesteding": 24.0,
    "hulpmiddelen": 36.0,
    "vervoer": 40.0,
    "woonvoorziening": 2.0,
    "beschermd_wonen": 30.0,
}
"""Demo choice after the source caveats: woonvoorzieningen end at delivery, most others last years."""
WMO_DELIVERED = 0.5
"""Source caveat: half the hulpmiddelen are bought (einde = leverdatum), half lent (einde when returned)."""
WMO_NO_HOUSEHOLD = 0.05
"""Demo choice: share of voorzieningen whose household is not known to the registration."""
WMO_MAX_YEARS = 8
"""Demo choice: no voorziening lasts longer than this, so the simulation starts this many years early."""
WMO_AANBIEDERS = {
    "hulp_bij_het_huishouden": ("Thuishulp Domstad", "Thuishulp Zonnewijzer", "Kwadrant Zorg"),
    "begeleiding": ("Kwadrant Zorg", "Thuisbegeleiding Lindehof", "Begeleiding Domstreek"),
    "dagbesteding": ("Dagbesteding Wilgenrijk", "Begeleiding Domstreek"),
    "hulpmiddelen": ("Hulpmiddelen Wilgenrijk",),
    "vervoer": ("Vervoersdienst Zonnewijzer",),
    "woonvoorziening": ("Woonaanpassing Domstreek",),
    "beschermd_wonen": ("Woongroep Zonnedauw", "Huize Vechtoever"),
}
"""Invented aanbieders (any likeness to a real organisation is accidental); the first of a list is the largest."""

# --- Vulnerability and stapeling -------------------------------------------------------------

BIJSTAND_RISK = 2.5
"""Demo choice after CBS stapeling studies: people in bijstand households use jeugdhulp and Wmo (<65) 2–3× as often."""
DEPRIVATION_GRADIENT = 5.0
"""Demo choice: buurt intensity of jeugdhulp and wijkteam rises by this × the buurt's bijstand share."""

# --- Wijkteam -------------------------------------------------------------------------------------

WIJKTEAM_AANMELDINGEN = 0.03
"""Demo choice within the brief's 3–5%: aanmeldingen per inhabitant per year in 2023."""
WIJKTEAM_TREND = 0.04
"""Demo choice: wijkteams took on more work each year (more vragen 'aan de voorkant')."""
WIJKTEAM_HULPVRAAG = {
    "opvoeden": 0.22,
    "financien": 0.2,
    "psychisch": 0.18,
    "wonen": 0.12,
    "eenzaamheid": 0.1,
    "overig": 0.18,
}
"""Demo choice after wijkteam annual reports: opvoeden, geld and psychische vragen are the main ones."""
WIJKTEAM_DOORVERWEZEN = {
    "opvoeden": 0.35,
    "financien": 0.3,
    "psychisch": 0.45,
    "wonen": 0.25,
    "eenzaamheid": 0.1,
    "overig": 0.2,
}
"""Demo choice: psychische vragen are referred most, eenzaamheid least (share doorverwezen)."""
WIJKTEAM_WAIT_MEDIAN_DAYS = 24.0
"""Brief: waiting time from aanmelding to start is mostly 1–10 weeks (lognormal median, days)."""
WIJKTEAM_WAIT_SIGMA = 0.6
"""Spread of the waiting time (lognormal sigma): about 1 in 10 waits longer than ten weeks."""
WIJKTEAM_WAIT_YEAR = {2022: 1.2, 2023: 1.3, 2024: 1.15}
"""Demo choice: waiting lists grew in 2022–2023 (staff shortages), a signal the monitor should show."""
WIJKTEAM_NEVER_STARTED = 0.07
"""Demo choice: share of aanmeldingen that never lead to support (withdrawn, no show)."""
WIJKTEAM_MEDIAN_MONTHS = 4.0
"""Demo choice: support by the wijkteam itself lasts a few months (median)."""
WIJKTEAM_REPEAT = 0.1
"""Demo choice: share of inwoners who register again 3–18 months later."""
WIJKTEAM_ANONYMOUS = 0.04
"""Source: anonymous contacts get their own pseudonym and no household."""
WIJKTEAM_NO_HOUSEHOLD = 0.08
"""Demo choice: share of aanmeldingen without a known household."""

# --- VVE --------------------------------------------------------------------------------------

VVE_PEILDATUM = (10, 1)
"""Demo choice: the gemeente counts toddlers on 1 October each year (month, day)."""
VVE_DOELGROEP = (0.07, 3.5)
"""Tuned to ~20% doelgroeppeuters overall, more where bijstand is high: base + slope × buurt bijstand share."""
VVE_DOELGROEP_BIJSTAND = 0.6
"""Demo choice: a toddler in a bijstand household has an indicatie with this chance."""
VVE_DEELNAME = {2019: 0.8, 2020: 0.78, 2021: 0.83, 2022: 0.85, 2023: 0.86, 2024: 0.88}
"""Brief: 80–90% of doelgroeppeuters take part, rising; a dip in the 2020 lockdown year."""
VVE_DEELNAME_OVERIG = 0.62
"""Demo choice: toddlers without an indicatie go to peuteropvang or kinderopvang less often."""
VVE_NEW_NORM = date(2020, 8, 1)
"""Since 1 August 2020 doelgroeppeuters are offered 960 hours in 18 months (16 hours a week)."""
VVE_UREN_OLD = {"10": 0.7, "12": 0.2, "16": 0.1}
"""Before August 2020 the norm was 10 hours a week (hours as written, share)."""
VVE_UREN_NEW = {"16": 0.72, "12": 0.14, "20": 0.08, "8": 0.06}
"""After August 2020 most doelgroeppeuters get 16 hours (hours as written, share)."""
VVE_UREN_OVERIG = {"6": 0.35, "8": 0.25, "18": 0.2, "27": 0.15, "36": 0.05}
"""Demo choice: peuteropvang 2 dagdelen or kinderopvang days (hours as written, share)."""

# --- Cliëntervaring ------------------------------------------------------------------------------

CEO_SAMPLE = 0.6
"""Demo choice: each year 60% of the clients are approached (on a random day; invited if in support then)."""
CEO_RESPONSE = 0.2
"""Brief: about 20% of the invited clients answer, usual for the VNG cliëntervaringsonderzoek."""
CEO_MEAN_CIJFER = {"jeugd": 7.2, "wmo": 7.8, "wijkteam": 7.5}
"""Demo choice after GMSD figures: Wmo clients rate support ~7.5–8, jeugd a little lower (mean cijfer)."""
CEO_SPREAD = 1.2
"""Demo choice: standard deviation of the rapportcijfer, so most answers are 6–9."""
CEO_STELLING_MEAN = 4.0
"""Demo choice after GMSD figures: about 70% agree (4 or 5) with the statements (mean on the 1–5 scale)."""
CEO_BLANK = 0.05
"""Demo choice: share of statements answered 'weet niet' or left blank (empty cell)."""
CEO_WIJK_SPREAD = 0.25
"""Demo choice: wijken differ in mean satisfaction by about this much (standard deviation, scale points)."""

# --- Inloop op scholen -----------------------------------------------------------------------------

SCHOOLS = 60
"""Brief: about 60 schools in Utrecht with a wijkteam inloop, in buurten weighted by 0–14 population."""
INLOOP_WIJK = (0.7, 0.9)
"""Brief: inloop held in 70–90% of school weeks, differing per wijk (range of the wijk level)."""
INLOOP_TREND = 0.01
"""Demo choice: the share of weeks with inloop rises a point a year."""
SCHOOL_HOLIDAY_WEEKS = (1, 8, 18, 29, 30, 31, 32, 33, 34, 43, 52, 53)
"""Approximately regio midden: kerst (52/53, 1), voorjaar (8), mei (18), zomer (29–34), herfst (43) (ISO weeks)."""
SCHOOL_BRIN_PREFIX = "99"
"""Fictional BRIN numbers: '99', two letters, vestiging '00' (demo choice; not a real school)."""
SCHOOL_CLOSED = ((date(2020, 3, 16), date(2020, 5, 10)), (date(2020, 12, 16), date(2021, 2, 7)))
"""Schools closed in the lockdowns: school weeks, but inloop rarely happened."""
SCHOOL_CLOSED_INLOOP = 0.15
"""Demo choice: share of lockdown school weeks with an (online) inloop."""
