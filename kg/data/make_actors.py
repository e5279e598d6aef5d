"""Generate ``ontologies/actors.csv``, kg's reference knowledge base of actors.

State rows come from ISO 3166-1 (the ``pycountry`` package) plus the hand-written tables
below: Wikidata QIDs, capitals, demonyms and extra aliases. Non-state rows
(intergovernmental organisations, armed groups, parties, agencies) are hand-written in
:data:`NON_STATES`. The output is deterministic, so the committed CSV can be checked
against this script (``tests/link/test_gazetteer.py`` does).

Run from the repository root::

    python kg/data/make_actors.py            # writes ontologies/actors.csv
    python kg/data/make_actors.py --check    # exit 1 if the CSV is out of date

Sources and rules:

* States are the 193 UN members plus Palestine, Taiwan, the Holy See (Vatican City) and
  Kosovo. Kosovo is not in ISO 3166-1 (``XK`` is a user-assigned code), so its row is
  hand-written and has no ISO codes. Dependencies (Guam, Hong Kong, ...) are left out.
* QIDs are included only where verified: the state QIDs were cross-checked against
  Our World in Data's ``countries_regions`` table (ISO alpha-3 → Wikidata); the
  Netherlands is left blank because ISO ``NL`` (Q55, the country) and the UN member
  (Q29999, the Kingdom) are different items. Organisation QIDs were checked against the
  supraverden list of international bodies. Blank means "not verified", never "none".
* Four former states that news archives still name (ISO 3166-3, ``pycountry.historic_countries``):
  the Soviet Union, East Germany, Czechoslovakia and Yugoslavia. They get no capital (Moscow,
  Berlin, Prague and Belgrade stand for today's states); Yugoslavia's QID is left blank (its
  Wikidata items split by period).
* Israel and Palestine get no capital: the status of Jerusalem is disputed, and a
  gazetteer should not decide it. Ramallah is given for Palestine (seat of the PA).
* No alias may be a common English word; short acronyms (three characters or fewer with
  a capital, e.g. ``IS``, ``UN``, ``LeT``) are matched case-sensitively by the loader.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
import unicodedata
from pathlib import Path

import pycountry

COLUMNS = (
    "key", "label", "type", "wikidata", "iso_alpha2", "iso_alpha3",
    "aliases", "demonyms", "capitals", "nationality", "source",
)  # fmt: skip
OUT = Path(__file__).resolve().parents[2] / "ontologies" / "actors.csv"

#: UN observer or partially recognised states kept alongside the 193 UN members.
NON_MEMBER_STATES = {"PS", "TW", "VA"}

#: ISO 3166-1 entries that are dependencies or territories, not states.
NOT_STATES = set(
    "AI AQ AS AW AX BL BM BQ BV CC CK CW CX EH FK FO GF GG GI GL GP GS GU HK HM IM IO "
    "JE KY MF MO MP MQ MS NC NF NU PF PM PN PR RE SH SJ SX TC TF TK UM VG VI WF YT".split()
)

#: Wikidata QIDs by ISO alpha-3 (verified; see module docstring). NLD deliberately absent.
QIDS = dict(
    pair.split(":")
    for pair in """
AFG:Q889 ALB:Q222 DZA:Q262 AND:Q228 AGO:Q916 ATG:Q781 ARG:Q414 ARM:Q399 AUS:Q408 AUT:Q40
AZE:Q227 BHS:Q778 BHR:Q398 BGD:Q902 BRB:Q244 BLR:Q184 BEL:Q31 BLZ:Q242 BEN:Q962 BTN:Q917
BOL:Q750 BIH:Q225 BWA:Q963 BRA:Q155 BRN:Q921 BGR:Q219 BFA:Q965 BDI:Q967 KHM:Q424 CMR:Q1009
CAN:Q16 CPV:Q1011 CAF:Q929 TCD:Q657 CHL:Q298 CHN:Q148 COL:Q739 COM:Q970 COG:Q971 CRI:Q800
CIV:Q1008 HRV:Q224 CUB:Q241 CYP:Q229 CZE:Q213 COD:Q974 DNK:Q35 DJI:Q977 DMA:Q784 DOM:Q786
ECU:Q736 EGY:Q79 SLV:Q792 GNQ:Q983 ERI:Q986 EST:Q191 SWZ:Q1050 ETH:Q115 FJI:Q712 FIN:Q33
FRA:Q142 GAB:Q1000 GMB:Q1005 GEO:Q230 DEU:Q183 GHA:Q117 GRC:Q41 GRD:Q769 GTM:Q774 GIN:Q1006
GNB:Q1007 GUY:Q734 HTI:Q790 HND:Q783 HUN:Q28 ISL:Q189 IND:Q668 IDN:Q252 IRN:Q794 IRQ:Q796
IRL:Q27 ISR:Q801 ITA:Q38 JAM:Q766 JPN:Q17 JOR:Q810 KAZ:Q232 KEN:Q114 KIR:Q710 KWT:Q817
KGZ:Q813 LAO:Q819 LVA:Q211 LBN:Q822 LSO:Q1013 LBR:Q1014 LBY:Q1016 LIE:Q347 LTU:Q37 LUX:Q32
MDG:Q1019 MWI:Q1020 MYS:Q833 MDV:Q826 MLI:Q912 MLT:Q233 MHL:Q709 MRT:Q1025 MUS:Q1027 MEX:Q96
FSM:Q702 MDA:Q217 MCO:Q235 MNG:Q711 MNE:Q236 MAR:Q1028 MOZ:Q1029 MMR:Q836 NAM:Q1030 NRU:Q697
NPL:Q837 NZL:Q664 NIC:Q811 NER:Q1032 NGA:Q1033 PRK:Q423 MKD:Q221 NOR:Q20 OMN:Q842 PAK:Q843
PLW:Q695 PSE:Q219060 PAN:Q804 PNG:Q691 PRY:Q733 PER:Q419 PHL:Q928 POL:Q36 PRT:Q45 QAT:Q846
ROU:Q218 RUS:Q159 RWA:Q1037 KNA:Q763 LCA:Q760 VCT:Q757 WSM:Q683 SMR:Q238 STP:Q1039 SAU:Q851
SEN:Q1041 SRB:Q403 SYC:Q1042 SLE:Q1044 SGP:Q334 SVK:Q214 SVN:Q215 SLB:Q685 SOM:Q1045 ZAF:Q258
KOR:Q884 SSD:Q958 ESP:Q29 LKA:Q854 SDN:Q1049 SUR:Q730 SWE:Q34 CHE:Q39 SYR:Q858 TWN:Q865
TJK:Q863 TZA:Q924 THA:Q869 TLS:Q574 TGO:Q945 TON:Q678 TTO:Q754 TUN:Q948 TUR:Q43 TKM:Q874
TUV:Q672 UGA:Q1036 UKR:Q212 ARE:Q878 GBR:Q145 USA:Q30 URY:Q77 UZB:Q265 VUT:Q686 VAT:Q237
VEN:Q717 VNM:Q881 YEM:Q805 ZMB:Q953 ZWE:Q954
""".split()
)

#: Label (and so key) overrides where pycountry's name is not the common English one.
LABELS = {
    "BN": "Brunei", "CD": "Democratic Republic of the Congo", "CG": "Republic of the Congo",
    "CV": "Cape Verde", "FM": "Micronesia", "PS": "Palestine", "RU": "Russia",
    "TR": "Turkey", "VA": "Vatican City",
}  # fmt: skip
KEYS = {"CD": "dr-congo", "CG": "republic-of-the-congo"}

#: pycountry names that are ambiguous between states and must not become aliases.
DROP_ALIASES = {"Congo"}

#: alpha-2; capitals; demonyms; extra aliases ("|"-separated within a field).
STATE_FACTS = """
AF; Kabul; Afghan|Afghans; Afghan government
PK; Islamabad; Pakistani|Pakistanis;
IN; New Delhi|Delhi; Indian|Indians; Bharat|Republic of India
BD; Dhaka; Bangladeshi|Bangladeshis;
LK; Colombo; Sri Lankan|Sri Lankans;
NP; Kathmandu; Nepali|Nepalis|Nepalese;
BT; Thimphu; Bhutanese;
MV; ; Maldivian|Maldivians;
IR; Tehran|Teheran; Iranian|Iranians; Persia|Islamic Republic of Iran
CN; Beijing|Peking; Chinese; PRC|P.R.C.|Mainland China
RU; Moscow; Russian|Russians; Russian Federation
KZ; Astana|Nur-Sultan; Kazakh|Kazakhs|Kazakhstani|Kazakhstanis;
UZ; Tashkent; Uzbek|Uzbeks|Uzbekistani;
TM; Ashgabat; Turkmen|Turkmenistani;
KG; Bishkek; Kyrgyz|Kirghiz; Kyrgyz Republic|Kirghizia
TJ; Dushanbe; Tajik|Tajiks|Tajikistani;
MN; Ulaanbaatar|Ulan Bator; Mongolian|Mongolians;
AZ; Baku; Azerbaijani|Azerbaijanis|Azeri|Azeris;
AM; Yerevan; Armenian|Armenians;
GE; Tbilisi; Georgian|Georgians;
TR; Ankara; Turkish|Turk|Turks; Türkiye|Turkiye|Republic of Turkey
SY; Damascus; Syrian|Syrians; Syrian Arab Republic
IQ; Baghdad; Iraqi|Iraqis;
SA; Riyadh; Saudi|Saudis|Saudi Arabian|Saudi Arabians; KSA
YE; Sanaa|Sana'a; Yemeni|Yemenis;
OM; Muscat; Omani|Omanis;
AE; Abu Dhabi; Emirati|Emiratis; UAE|U.A.E.|the Emirates
QA; Doha; Qatari|Qataris;
KW; Kuwait City; Kuwaiti|Kuwaitis;
BH; Manama; Bahraini|Bahrainis;
JO; Amman; Jordanian|Jordanians;
LB; Beirut; Lebanese;
IL; ; Israeli|Israelis;
PS; Ramallah; Palestinian|Palestinians;
EG; Cairo; Egyptian|Egyptians;
LY; Tripoli; Libyan|Libyans;
TN; Tunis; Tunisian|Tunisians;
DZ; Algiers; Algerian|Algerians;
MA; Rabat; Moroccan|Moroccans;
MR; Nouakchott; Mauritanian|Mauritanians;
ML; Bamako; Malian|Malians;
NE; Niamey; Nigerien|Nigeriens;
BF; Ouagadougou; Burkinabe|Burkinabè;
TD; N'Djamena|Ndjamena; Chadian|Chadians;
NG; Abuja; Nigerian|Nigerians;
SN; Dakar; Senegalese;
SD; Khartoum; Sudanese;
SS; Juba; South Sudanese;
ET; Addis Ababa; Ethiopian|Ethiopians;
ER; Asmara; Eritrean|Eritreans;
DJ; ; Djiboutian|Djiboutians;
SO; Mogadishu; Somali|Somalis|Somalian|Somalians;
KE; Nairobi; Kenyan|Kenyans;
UG; Kampala; Ugandan|Ugandans;
RW; Kigali; Rwandan|Rwandans;
BI; Gitega; Burundian|Burundians;
CD; Kinshasa; ; DR Congo|DRC|D.R.C.|Congo-Kinshasa|Congo Kinshasa
CG; Brazzaville; ; Congo-Brazzaville|Congo Brazzaville|Congo Republic
CF; Bangui; ;
CM; Yaoundé; Cameroonian|Cameroonians;
GH; Accra; Ghanaian|Ghanaians;
CI; Yamoussoukro|Abidjan; Ivorian|Ivorians; Ivory Coast|Cote d'Ivoire
MZ; Maputo; Mozambican|Mozambicans;
ZA; Pretoria; South African|South Africans;
TZ; Dodoma; Tanzanian|Tanzanians;
ZW; Harare; Zimbabwean|Zimbabweans;
AO; Luanda; Angolan|Angolans;
US; Washington|Washington, D.C.|Washington DC; American|Americans; US|U.S.|USA|U.S.A.|United States of America|America
GB; London; British|Briton|Britons; UK|U.K.|Britain|Great Britain
FR; Paris; French; French Republic
DE; Berlin; German|Germans;
IT; Rome; Italian|Italians;
ES; Madrid; Spanish|Spaniard|Spaniards;
PT; Lisbon; Portuguese;
NL; Amsterdam; Dutch; Holland
PL; Warsaw; Polish|Pole|Poles;
CZ; Prague; Czech|Czechs; Czech Republic
SK; Bratislava; Slovak|Slovaks;
HU; Budapest; Hungarian|Hungarians;
RO; Bucharest; Romanian|Romanians;
BG; Sofia; Bulgarian|Bulgarians;
GR; Athens; Greek|Greeks;
AL; Tirana; Albanian|Albanians;
MK; Skopje; ;
ME; Podgorica; Montenegrin|Montenegrins;
RS; Belgrade; Serbian|Serb|Serbs;
HR; Zagreb; Croatian|Croat|Croats;
SI; Ljubljana; Slovenian|Slovene|Slovenes;
BA; Sarajevo; Bosnian|Bosnians; Bosnia
EE; Tallinn; Estonian|Estonians;
LV; Riga; Latvian|Latvians;
LT; Vilnius; Lithuanian|Lithuanians;
FI; Helsinki; Finnish|Finn|Finns;
SE; Stockholm; Swedish|Swede|Swedes;
NO; Oslo; Norwegian|Norwegians;
DK; Copenhagen; Danish|Dane|Danes;
IS; Reykjavik; Icelandic|Icelander|Icelanders;
IE; Dublin; Irish; Republic of Ireland
UA; Kyiv|Kiev; Ukrainian|Ukrainians;
BY; Minsk; Belarusian|Belarusians; Belarus|Byelorussia
MD; Chisinau; Moldovan|Moldovans;
CA; Ottawa; Canadian|Canadians;
MX; Mexico City; Mexican|Mexicans;
BR; Brasília; Brazilian|Brazilians;
AR; Buenos Aires; Argentine|Argentines|Argentinian|Argentinians;
CO; Bogotá; Colombian|Colombians;
VE; Caracas; Venezuelan|Venezuelans;
CU; Havana; Cuban|Cubans;
JP; Tokyo; Japanese;
KR; Seoul; South Korean|South Koreans; Republic of Korea|ROK
KP; Pyongyang; North Korean|North Koreans; DPRK|D.P.R.K.|Democratic People's Republic of Korea
TW; Taipei; Taiwanese; Republic of China
AU; Canberra; Australian|Australians;
NZ; Wellington; New Zealander|New Zealanders;
ID; Jakarta; Indonesian|Indonesians;
MY; Kuala Lumpur; Malaysian|Malaysians;
TH; Bangkok; Thai;
VN; Hanoi; Vietnamese; Viet Nam
PH; Manila; Filipino|Filipinos;
MM; Naypyidaw|Nay Pyi Taw; Burmese; Burma
SG; ; Singaporean|Singaporeans;
KH; Phnom Penh; Cambodian|Cambodians;
LA; Vientiane; Laotian|Laotians;
CH; Bern|Berne; Swiss; Switzerland|Swiss Confederation
AT; Vienna; Austrian|Austrians;
CY; Nicosia; Cypriot|Cypriots;
MT; Valletta; Maltese;
SZ; ; ; Swaziland
TL; Dili; Timorese; East Timor
GM; Banjul; Gambian|Gambians;
VA; ; ; Holy See|Vatican|Vatican City State
CV; Praia; Cape Verdean|Cape Verdeans; Cabo Verde|Republic of Cabo Verde
"""

#: Kosovo is not in ISO 3166-1; its row is written by hand.
KOSOVO = {
    "key": "kosovo", "label": "Kosovo", "type": "State", "aliases": "Republic of Kosovo",
    "demonyms": "Kosovar|Kosovars|Kosovan", "capitals": "Pristina|Prishtina",
    "source": "hand-curated; not in ISO 3166-1 (XK is a user-assigned code)",
}  # fmt: skip

_TYPES = {
    "IGO": "IntergovernmentalOrganisation", "AG": "ArmedGroup",
    "PO": "PoliticalOrganisation", "ORG": "Organisation",
}  # fmt: skip

#: key; label; type (IGO/AG/PO/ORG); QID (verified only); aliases; nationality key.
NON_STATES = """
un; United Nations; IGO; Q1065; UN|U.N.;
unsc; United Nations Security Council; IGO; Q37470; UNSC|UN Security Council|U.N. Security Council;
unga; United Nations General Assembly; IGO; Q47423; UNGA|UN General Assembly|U.N. General Assembly;
nato; NATO; IGO; Q7184; North Atlantic Treaty Organization|North Atlantic Treaty Organisation|North Atlantic Alliance;
eu; European Union; IGO; Q458; EU|E.U.;
sco; Shanghai Cooperation Organisation; IGO; Q485207; SCO|Shanghai Cooperation Organization;
saarc; South Asian Association for Regional Cooperation; IGO; Q145700; SAARC;
asean; Association of Southeast Asian Nations; IGO; Q7768; ASEAN|Association of South-East Asian Nations;
african-union; African Union; IGO; Q7159; AU|A.U.;
oic; Organisation of Islamic Cooperation; IGO; Q47543; OIC|Organization of Islamic Cooperation|Organisation of the Islamic Conference|Organization of the Islamic Conference;
gcc; Gulf Cooperation Council; IGO; Q217172; GCC|Cooperation Council for the Arab States of the Gulf;
arab-league; Arab League; IGO; Q7172; League of Arab States;
osce; Organization for Security and Co-operation in Europe; IGO; Q81299; OSCE|Organisation for Security and Co-operation in Europe|Organization for Security and Cooperation in Europe|Organisation for Security and Cooperation in Europe;
csto; Collective Security Treaty Organization; IGO; Q318693; CSTO|Collective Security Treaty Organisation;
brics; BRICS; IGO; ; BRICS+;
g7; G7; IGO; ; G-7|Group of Seven;
g20; G20; IGO; ; G-20|Group of Twenty;
iaea; International Atomic Energy Agency; IGO; Q41984; IAEA;
icc; International Criminal Court; IGO; Q47488; ICC;
icj; International Court of Justice; IGO; Q7801; ICJ|World Court;
interpol; Interpol; IGO; Q8475; International Criminal Police Organization|International Criminal Police Organisation;
world-bank; World Bank; IGO; Q7164; ;
imf; International Monetary Fund; IGO; Q7804; IMF;
who; World Health Organization; IGO; Q7817; WHO|World Health Organisation;
unhcr; UNHCR; IGO; ; UN Refugee Agency|United Nations High Commissioner for Refugees|UN High Commissioner for Refugees;
unrwa; UNRWA; IGO; Q846656; United Nations Relief and Works Agency for Palestine Refugees in the Near East|United Nations Relief and Works Agency;
wfp; World Food Programme; IGO; Q204344; WFP|World Food Program;
wto; World Trade Organization; IGO; Q7825; WTO|World Trade Organisation;
fatf; Financial Action Task Force; IGO; Q681487; FATF;
ecowas; Economic Community of West African States; IGO; Q193272; ECOWAS;
igad; Intergovernmental Authority on Development; IGO; Q499039; IGAD;
oas; Organization of American States; IGO; Q123759; OAS|Organisation of American States;
cis; Commonwealth of Independent States; IGO; Q7779; CIS;
opec; OPEC; IGO; Q7795; Organization of the Petroleum Exporting Countries|Organisation of the Petroleum Exporting Countries;
oecd; Organisation for Economic Co-operation and Development; IGO; Q41550; OECD|Organization for Economic Cooperation and Development|Organisation for Economic Cooperation and Development;
council-of-europe; Council of Europe; IGO; Q8908; ;
eaeu; Eurasian Economic Union; IGO; Q4173083; EAEU;
opcw; Organisation for the Prohibition of Chemical Weapons; IGO; Q842490; OPCW|Organization for the Prohibition of Chemical Weapons;
sadc; Southern African Development Community; IGO; Q816706; SADC;
eac; East African Community; IGO; Q337456; EAC;
islamic-state; Islamic State; AG; Q2429253; IS|ISIS|ISIL|Daesh|Da'esh|Daish|Islamic State of Iraq and Syria|Islamic State of Iraq and the Levant|Islamic State of Iraq and al-Sham|Islamic State group;
iskp; Islamic State Khorasan Province; AG; ; ISKP|IS-KP|ISIS-K|IS-K|ISIL-K|ISIS-Khorasan|ISIL-Khorasan|Islamic State – Khorasan Province|Islamic State Khorasan|Islamic State-Khorasan|Islamic State in Khorasan Province;
iswap; Islamic State West Africa Province; AG; ; ISWAP|IS West Africa|Islamic State in West Africa|Islamic State West Africa;
is-sahel; Islamic State Sahel Province; AG; ; IS Sahel|ISSP|Islamic State in the Greater Sahara|ISGS;
al-qaeda; al-Qaeda; AG; Q34490; al Qaeda|al-Qaida|al Qaida|Al Qa'ida|AQ;
aqap; al-Qaeda in the Arabian Peninsula; AG; ; AQAP|al Qaeda in the Arabian Peninsula|al-Qaida in the Arabian Peninsula; yemen
aqim; al-Qaeda in the Islamic Maghreb; AG; ; AQIM|al Qaeda in the Islamic Maghreb|al-Qaida in the Islamic Maghreb;
aqis; al-Qaeda in the Indian Subcontinent; AG; ; AQIS|al Qaeda in the Indian Subcontinent;
al-shabaab; al-Shabaab; AG; ; al Shabaab|al-Shabab|al Shabab|Harakat al-Shabaab al-Mujahideen; somalia
boko-haram; Boko Haram; AG; ; Jama'atu Ahlis Sunna Lidda'awati wal-Jihad|JAS; nigeria
jnim; Jama'at Nusrat al-Islam wal-Muslimin; AG; ; JNIM|Jamaat Nusrat al-Islam wal-Muslimin|Group for the Support of Islam and Muslims;
ansar-al-sharia; Ansar al-Sharia; AG; ; Ansar al-Shariah;
taliban; Taliban; AG; ; Afghan Taliban|Islamic Emirate of Afghanistan|Taleban; afghanistan
ttp; Tehrik-i-Taliban Pakistan; AG; ; TTP|Tehreek-e-Taliban Pakistan|Tehrik-e-Taliban Pakistan|Tehreek-i-Taliban Pakistan|Pakistani Taliban; pakistan
haqqani-network; Haqqani Network; AG; ; ; afghanistan
lashkar-e-taiba; Lashkar-e-Taiba; AG; ; LeT|Lashkar-e-Tayyiba|Lashkar-e-Toiba|Lashkar-i-Taiba; pakistan
jaish-e-mohammed; Jaish-e-Mohammed; AG; ; JeM|Jaish-e-Muhammad|Jaish-e-Mohammad|Jaish-i-Mohammed; pakistan
lashkar-e-jhangvi; Lashkar-e-Jhangvi; AG; ; LeJ; pakistan
hizbul-mujahideen; Hizbul Mujahideen; AG; ; Hizb-ul-Mujahideen;
jamaat-ul-ahrar; Jamaat-ul-Ahrar; AG; ; JuA; pakistan
bla; Balochistan Liberation Army; AG; ; BLA|Baloch Liberation Army; pakistan
blf; Balochistan Liberation Front; AG; ; BLF|Baloch Liberation Front; pakistan
jaish-al-adl; Jaish al-Adl; AG; ; Jaish ul-Adl|Army of Justice; iran
tip; Turkistan Islamic Party; AG; ; TIP|East Turkestan Islamic Movement|ETIM;
imu; Islamic Movement of Uzbekistan; AG; ; IMU;
hezbollah; Hezbollah; AG; ; Hizbollah|Hizballah|Hizbullah|Hizb Allah; lebanon
hamas; Hamas; AG; Q38799; Islamic Resistance Movement|Harakat al-Muqawama al-Islamiya; palestine
palestinian-islamic-jihad; Palestinian Islamic Jihad; AG; ; PIJ|Islamic Jihad Movement in Palestine; palestine
houthis; Houthis; AG; ; Houthi|Houthi movement|Ansar Allah|Ansarallah|Houthi rebels; yemen
hts; Hayat Tahrir al-Sham; AG; ; HTS|Hay'at Tahrir al-Sham|Tahrir al-Sham; syria
al-nusra-front; al-Nusra Front; AG; ; Nusra Front|Jabhat al-Nusra|al-Nusrah Front|Jabhat Fateh al-Sham;
hurras-al-din; Hurras al-Din; AG; ; Hurras al-Deen|Guardians of Religion Organization;
pkk; Kurdistan Workers' Party; AG; Q152220; PKK|Partiya Karkerên Kurdistanê;
ypg; People's Defense Units; AG; Q277036; YPG|People's Protection Units|People's Defence Units; syria
sdf; Syrian Democratic Forces; AG; ; SDF; syria
kataib-hezbollah; Kata'ib Hezbollah; AG; ; Kataib Hezbollah|Kata'ib Hizballah|Hezbollah Brigades; iraq
popular-mobilization-forces; Popular Mobilization Forces; AG; ; PMF|Popular Mobilisation Forces|Popular Mobilization Units|PMU|Hashd al-Shaabi|al-Hashd al-Shaabi; iraq
wagner-group; Wagner Group; AG; ; PMC Wagner|Wagner PMC|Wagner private military company; russia
m23; M23; AG; ; March 23 Movement|M23 rebels;
adf; Allied Democratic Forces; AG; ; ;
rsf; Rapid Support Forces; AG; ; RSF; sudan
abu-sayyaf; Abu Sayyaf; AG; ; Abu Sayyaf Group|ASG; philippines
tplf; Tigray People's Liberation Front; AG; ; TPLF; ethiopia
arakan-army; Arakan Army; AG; ; ; myanmar
polisario-front; Polisario Front; AG; ; Polisario|Frente Polisario;
farc; FARC; AG; ; Revolutionary Armed Forces of Colombia; colombia
plo; Palestine Liberation Organization; PO; Q26683; PLO|Palestine Liberation Organisation; palestine
fatah; Fatah; PO; ; ; palestine
muslim-brotherhood; Muslim Brotherhood; PO; ; ;
tlp; Tehreek-e-Labbaik Pakistan; PO; ; TLP|Tehrik-e-Labbaik Pakistan; pakistan
pti; Pakistan Tehreek-e-Insaf; PO; ; PTI|Pakistan Tehrik-e-Insaf; pakistan
pml-n; Pakistan Muslim League (N); PO; ; PML-N|PMLN|Pakistan Muslim League-Nawaz; pakistan
ppp; Pakistan Peoples Party; PO; ; PPP|Pakistan People's Party; pakistan
bjp; Bharatiya Janata Party; PO; ; BJP; india
irgc; Islamic Revolutionary Guard Corps; ORG; ; IRGC|Revolutionary Guards|Iranian Revolutionary Guards; iran
isi; Inter-Services Intelligence; ORG; ; ISI; pakistan
cia; Central Intelligence Agency; ORG; ; CIA; united-states
mossad; Mossad; ORG; ; ; israel
raw; Research and Analysis Wing; ORG; ; R&AW; india
"""

_ORDER = {t: i for i, t in enumerate(["State", *_TYPES.values()])}


def ascii_slug(text: str) -> str:
    """A stable lower-case ASCII key: accents folded, apostrophes dropped, ``-`` joins.

    >>> ascii_slug("Côte d'Ivoire")
    'cote-divoire'
    """
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _join(*parts: str, exclude: str = "") -> str:
    """``|``-join non-empty, distinct values other than ``exclude``, keeping order."""
    seen: dict[str, None] = {}
    for part in parts:
        for value in part.split("|"):
            if value.strip() and value.strip() != exclude:
                seen.setdefault(value.strip(), None)
    return "|".join(seen)


def _pycountry_names(country: object, label: str) -> list[str]:
    names = [getattr(country, a, "") for a in ("name", "official_name", "common_name")]
    out = []
    for name in names:
        name = re.sub(r"^the ", "", name or "")
        # "Iran, Islamic Republic of" and "Holy See (Vatican City State)" are index forms
        if name and name != label and name not in DROP_ALIASES and not re.search(r"[,(]", name):
            out.append(name)
    return out


def state_rows() -> list[dict[str, str]]:
    """One row per state in ISO 3166-1, merged with :data:`STATE_FACTS` and :data:`QIDS`."""
    facts = {}
    for line in STATE_FACTS.strip().splitlines():
        alpha2, capitals, demonyms, aliases = (f.strip() for f in line.split(";"))
        facts[alpha2] = (capitals, demonyms, aliases)
    rows = []
    for country in pycountry.countries:
        a2, a3 = country.alpha_2, country.alpha_3
        if a2 in NOT_STATES:
            continue
        label = LABELS.get(a2) or getattr(country, "common_name", None) or country.name
        capitals, demonyms, extra = facts.pop(a2, ("", "", ""))
        source = "ISO 3166-1 via pycountry"
        if a3 in QIDS:
            source += "; Wikidata QID (cross-checked with OWID countries_regions)"
        if capitals or demonyms:
            source += "; capitals and demonyms hand-curated"
        if a2 in NON_MEMBER_STATES:
            source += "; not a UN member state (observer or partially recognised)"
        rows.append({
            "key": KEYS.get(a2) or ascii_slug(label), "label": label, "type": "State",
            "wikidata": QIDS.get(a3, ""), "iso_alpha2": a2, "iso_alpha3": a3,
            "aliases": _join(extra, *_pycountry_names(country, label), exclude=label),
            "demonyms": demonyms, "capitals": capitals, "source": source,
        })  # fmt: skip
    if facts:
        raise ValueError(f"STATE_FACTS has unknown or excluded alpha-2 codes: {sorted(facts)}")
    members = len(rows) - len(NON_MEMBER_STATES)
    if members != 193:
        raise ValueError(f"expected 193 UN member states, got {members}")
    return [*rows, dict(KOSOVO)]


#: Former states (ISO 3166-3 alpha-3; key; label; QID; aliases; demonyms).
FORMER_STATES = """
SUN; soviet-union; Soviet Union; Q15180; USSR|U.S.S.R.|Union of Soviet Socialist Republics; Soviet|Soviets
DDR; east-germany; East Germany; Q16957; German Democratic Republic|GDR; East German|East Germans
CSK; czechoslovakia; Czechoslovakia; Q33946; Czechoslovak Socialist Republic; Czechoslovak|Czechoslovaks|Czechoslovakian
YUG; yugoslavia; Yugoslavia; ; Socialist Federal Republic of Yugoslavia|Federal Republic of Yugoslavia; Yugoslav|Yugoslavs|Yugoslavian
"""


def former_state_rows() -> list[dict[str, str]]:
    """The :data:`FORMER_STATES` table, with ISO codes from ISO 3166-3 (pycountry)."""
    rows = []
    for line in FORMER_STATES.strip().splitlines():
        a3, key, label, qid, aliases, demonyms = (f.strip() for f in line.split(";"))
        country = pycountry.historic_countries.get(alpha_3=a3)
        if country is None:
            raise ValueError(f"FORMER_STATES: {a3!r} is not in ISO 3166-3")
        source = f"ISO 3166-3 via pycountry (withdrawn {country.withdrawal_date}); aliases and demonyms hand-curated"
        rows.append({
            "key": key, "label": label, "type": "State", "wikidata": qid, "iso_alpha2": country.alpha_2,
            "iso_alpha3": a3, "aliases": aliases, "demonyms": demonyms,
            "source": source + ("; Wikidata QID verified" if qid else ""),
        })  # fmt: skip
    return rows


def non_state_rows() -> list[dict[str, str]]:
    """The hand-written :data:`NON_STATES` table as CSV rows."""
    rows = []
    for line in NON_STATES.strip().splitlines():
        key, label, kind, qid, aliases, nationality = (f.strip() for f in line.split(";"))
        source = "hand-curated" + ("; Wikidata QID verified" if qid else "")
        rows.append({
            "key": key, "label": label, "type": _TYPES[kind], "wikidata": qid,
            "aliases": _join(aliases, exclude=label), "nationality": nationality, "source": source,
        })  # fmt: skip
    return rows


def build_rows() -> list[dict[str, str]]:
    """All rows, states first, each type sorted by key; every column present."""
    rows = [{c: r.get(c, "") for c in COLUMNS} for r in state_rows() + former_state_rows() + non_state_rows()]
    keys = [r["key"] for r in rows]
    if len(set(keys)) != len(keys):
        raise ValueError(f"duplicate keys: {sorted({k for k in keys if keys.count(k) > 1})}")
    return sorted(rows, key=lambda r: (_ORDER[r["type"]], r["key"]))


def render(rows: list[dict[str, str]]) -> str:
    """The CSV text for ``rows`` (header first, ``\\n`` line ends)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT, help=f"output CSV (default {OUT})")
    parser.add_argument("--check", action="store_true", help="fail if --out is out of date")
    args = parser.parse_args(argv)
    text = render(build_rows())
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out} is out of date; run python kg/data/make_actors.py", file=sys.stderr)
            return 1
        return 0
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {text.count(chr(10)) - 1} rows to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
