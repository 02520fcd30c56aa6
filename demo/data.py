"""The Finnish text of the Salo demo: people, units, goals, actions, indicators, update texts.

Only the structure of the 2021–2025 programme and a few figures are public (see
DOMAIN.md); every name, description and series here is invented to be plausible.
``demo.loader`` turns this data into database rows.
"""

from __future__ import annotations

from typing import NamedTuple

# ---------------------------------------------------------------------------
# People and units
# ---------------------------------------------------------------------------


class UserText(NamedTuple):
    username: str
    first_name: str
    last_name: str
    unit: str | None = None
    """The key of the unit the person works in, used to choose contact persons."""


ADMIN = UserText("admin", "Sanna", "Koivisto")
EDITOR = UserText("editor", "Eero", "Salminen", "tilat")
COUNCIL = UserText("council", "Pirjo", "Heinonen")
LOGIN_USERS = (ADMIN, EDITOR, COUNCIL)

STAFF = (
    UserText("ville.heikkinen", "Ville", "Heikkinen", "strategia"),
    UserText("heidi.jarvinen", "Heidi", "Järvinen", "hankinnat"),
    UserText("laura.koskinen", "Laura", "Koskinen", "viestinta"),
    UserText("minna.kallio", "Minna", "Kallio", "opetus"),
    UserText("johanna.makinen", "Johanna", "Mäkinen", "ymparisto"),
    UserText("antti.lehtinen", "Antti", "Lehtinen", "kaavoitus"),
    UserText("satu.laaksonen", "Satu", "Laaksonen", "elinkeino"),
    UserText("petri.rantanen", "Petri", "Rantanen", "joukkoliikenne"),
    UserText("mikko.laine", "Mikko", "Laine", "kuntatekniikka"),
    UserText("tiina.aaltonen", "Tiina", "Aaltonen", "viheralueet"),
    UserText("riikka.saarinen", "Riikka", "Saarinen", "ruoka"),
    UserText("jukka.hamalainen", "Jukka", "Hämäläinen", "vesihuolto"),
)


class DivisionText(NamedTuple):
    key: str
    name: str
    abbreviation: str
    units: tuple[tuple[str, str], ...]
    """``(key, name)`` of the units under the division."""


DIVISIONS = (
    DivisionText(
        "konserni",
        "Konsernipalvelut",
        "KOPA",
        (
            ("strategia", "Strategia ja kehittäminen"),
            ("hankinnat", "Hankintapalvelut"),
            ("viestinta", "Viestintä"),
            ("henkilosto", "Henkilöstöpalvelut"),
        ),
    ),
    DivisionText(
        "sivistys",
        "Sivistyspalvelut",
        "SIPA",
        (
            ("varhaiskasvatus", "Varhaiskasvatus"),
            ("opetus", "Perusopetus"),
            ("vapaa_aika", "Kulttuuri- ja liikuntapalvelut"),
        ),
    ),
    DivisionText(
        "elinvoima",
        "Elinvoimapalvelut",
        "ELPA",
        (
            ("ymparisto", "Ympäristönsuojelu"),
            ("kaavoitus", "Maankäyttö ja kaavoitus"),
            ("elinkeino", "Elinkeinopalvelut"),
            ("joukkoliikenne", "Joukkoliikenne"),
        ),
    ),
    DivisionText(
        "tekniset",
        "Tekniset palvelut",
        "TEPA",
        (
            ("tilat", "Tilapalvelut"),
            ("kuntatekniikka", "Kunnallistekniikka"),
            ("viheralueet", "Viheralueet ja metsät"),
            ("ruoka", "Ruokapalvelut"),
        ),
    ),
    DivisionText(
        "vesi",
        "Salon Vesi",
        "VESI",
        (
            ("vesihuolto", "Vesihuolto"),
            ("jatevesi", "Jätevedenpuhdistus"),
        ),
    ),
)

# ---------------------------------------------------------------------------
# The city strategy
# ---------------------------------------------------------------------------

STRATEGY_NAME = "Salon kaupunkistrategia 2030 – Avaimet kaikkiin oviin"
STRATEGY_VISION = "Salo – kestävän menestyksen koti"
STRATEGY_DESCRIPTION = (
    "Kaupunkistrategia ohjaa kaupungin toimintaa vuoteen 2030. Neljä avainta – työ, koti, "
    "palvelut ja vapaa-aika – avaavat ovet kestävään menestykseen."
)

STRATEGIC_GOALS = (
    (
        "A1",
        "Avain työhön",
        "Salo on yrittäjäystävällinen, monipuolisen työn ja osaamisen kaupunki, joka houkuttelee "
        "investointeja ja uusia työpaikkoja.",
    ),
    (
        "A2",
        "Avain kotiin",
        "Salo tarjoaa turvallisen, viihtyisän ja kohtuuhintaisen kodin kaupungin ja maaseudun "
        "rajapinnassa.",
    ),
    (
        "A3",
        "Avain palveluihin",
        "Palvelut ovat saavutettavia, laadukkaita ja taloudellisesti kestäviä.",
    ),
    (
        "A4",
        "Avain vapaa-aikaan",
        "Luonto, meri ja monipuoliset harrastusmahdollisuudet tekevät Salosta elämänmakuisen.",
    ),
)

# ---------------------------------------------------------------------------
# Goal trees
# ---------------------------------------------------------------------------


class GoalText(NamedTuple):
    identifier: str
    name: str
    description: str = ""
    target_state: str = ""
    parent: str | None = None
    serves: tuple[str, ...] = ()
    strategic: tuple[str, ...] = ()
    headline: str = ""
    """The identifier of the indicator that answers whether the goal is being reached."""


MAIN_GOALS = (
    GoalText(
        "T1",
        "Hiilineutraalius 2035",
        "Salon alueen kasvihuonekaasupäästöt vähenevät 80 % vuoden 2007 tasosta vuoteen 2035 "
        "mennessä, ja jäljelle jäävät päästöt katetaan hiilinieluilla.",
        strategic=("A1", "A2"),
        headline="M01",
    ),
    GoalText(
        "T2",
        "Kiertotalouden edistäminen",
        "Materiaalit pysyvät kierrossa, jätteen määrä vähenee ja kierrätysaste nousee. Kaupunki "
        "näyttää esimerkkiä hankinnoissaan ja rakentamisessaan.",
        strategic=("A1", "A3"),
    ),
    GoalText(
        "T3",
        "Kukoistava luonnon monimuotoisuus",
        "Arvokkaat luontokohteet suojellaan, viherrakenne pysyy yhtenäisenä ja vieraslajit "
        "pidetään kurissa.",
        strategic=("A4", "A2"),
    ),
    GoalText(
        "T4",
        "Lähivesistä huolehtiminen",
        "Salon joet, järvet ja rannikkovedet ovat hyvässä tilassa. Ravinnekuormitus vähenee ja "
        "vedet ovat asukkaiden virkistyskäytössä.",
        strategic=("A4",),
    ),
)

PATHS = (
    GoalText(
        "1",
        "Vastuullinen kaupunkiorganisaatio",
        "Kaupunki johtaa ilmasto- ja ympäristötyötä esimerkillään: päätöksenteossa, "
        "hankinnoissa ja henkilöstön arjessa.",
        "Ilmasto- ja ympäristönäkökulma on vakiintunut osa kaupungin johtamista, talousarviota "
        "ja hankintoja, ja jokainen työntekijä tuntee roolinsa ohjelman toteuttamisessa.",
        serves=("T1", "T2"),
    ),
    GoalText(
        "2",
        "Energiaviisas Salo",
        "Energiaa käytetään tehokkaasti, ja se tuotetaan yhä useammin uusiutuvista lähteistä.",
        "Kaupungin kiinteistöjen energiankulutus on vähentynyt ja öljylämmityksestä luovutaan "
        "vaiheittain. Uusiutuvan energian osuus kasvaa kaupungin toiminnassa ja koko alueella.",
        serves=("T1",),
    ),
    GoalText(
        "3",
        "Kestävä elinympäristö ja liikkuminen",
        "Yhdyskuntarakenne tukee kestävää liikkumista ja arjen palvelujen saavutettavuutta.",
        "Kävely, pyöräily ja joukkoliikenne ovat houkutteleva vaihtoehto keskustassa ja "
        "taajamissa, ja kaavoitus ohjaa rakentamisen olemassa olevan rakenteen yhteyteen.",
        serves=("T1", "T3"),
    ),
    GoalText(
        "4",
        "Resurssiviisas Salo",
        "Kaupunki vähentää jätteen syntyä, lisää kierrätystä ja tarjoaa kestävää ruokaa.",
        "Kaupungin toimipisteissä lajitellaan keskeiset jätejakeet, kiertotalous näkyy "
        "hankinnoissa ja rakentamisessa, ja ruokapalvelut tarjoavat ilmastoviisasta ruokaa.",
        serves=("T2", "T1"),
    ),
    GoalText(
        "5",
        "Kukoistava luonto",
        "Luonnon monimuotoisuutta vaalitaan kaupungin omistamilla alueilla ja kaavoituksessa.",
        "Kaupungin metsistä vähintään 5 % on suojeltu, arvokkaat luontokohteet on kartoitettu "
        "ja viherrakenne otetaan huomioon kaikessa maankäytössä.",
        serves=("T3", "T4"),
    ),
    GoalText(
        "6",
        "Puhtaat lähivedet",
        "Vesihuolto ja maankäyttö vähentävät vesistöihin kohdistuvaa kuormitusta.",
        "Jäte- ja hulevesien aiheuttama kuormitus on vähentynyt, ja lähivesien tila on "
        "parantunut kohti hyvää ekologista tilaa.",
        serves=("T4", "T3"),
    ),
)

FOCUS_AREAS = (
    GoalText(
        "1.1",
        "Ilmastojohtaminen ja kestävät hankinnat",
        target_state="Ilmastovaikutukset arvioidaan keskeisissä päätöksissä, ja "
        "ympäristökriteerejä käytetään vähintään puolessa kaupungin hankinnoista.",
        parent="1",
    ),
    GoalText(
        "1.2",
        "Osaaminen ja ilmastoviestintä",
        target_state="Koko henkilöstö on suorittanut ilmastokoulutuksen, ja asukkaat tuntevat "
        "kaupungin ilmastotyön ja omat vaikutusmahdollisuutensa.",
        parent="1",
    ),
    GoalText(
        "2.1",
        "Kaupungin kiinteistöjen energiatehokkuus",
        target_state="Kaupungin kiinteistöjen lämmitysöljyn kulutus on puolittunut vuoden 2016 "
        "tasosta, ja energiankulutusta seurataan reaaliaikaisesti.",
        parent="2",
    ),
    GoalText(
        "2.2",
        "Uusiutuva energia",
        target_state="Kaupungin kiinteistöissä tuotetaan aurinkosähköä vähintään 800 MWh "
        "vuodessa, ja kaupunki ostaa vain uusiutuvaa sähköä.",
        parent="2",
    ),
    GoalText(
        "2.3",
        "Asukkaiden ja yritysten energiaratkaisut",
        target_state="Asukkailla ja yrityksillä on helppo pääsy puolueettomaan "
        "energianeuvontaan, ja öljylämmitys vähenee myös yksityisissä kiinteistöissä.",
        parent="2",
    ),
    GoalText(
        "3.1",
        "Kaavoitus ja yhdyskuntarakenne",
        target_state="Uusi asuminen sijoittuu olemassa olevan yhdyskuntarakenteen ja "
        "palvelujen yhteyteen, ja kaavoissa on arvioitu ilmastovaikutukset.",
        parent="3",
    ),
    GoalText(
        "3.2",
        "Kävely ja pyöräily",
        target_state="Keskustan ja taajamien pyörätieverkko on yhtenäinen, ja kävelyn ja "
        "pyöräilyn osuus matkoista kasvaa.",
        parent="3",
    ),
    GoalText(
        "3.3",
        "Joukkoliikenne ja vähäpäästöiset ajoneuvot",
        target_state="Joukkoliikenne palvelee arjen matkoja, ja kaupungin ajoneuvoista "
        "kolmannes on vähäpäästöisiä.",
        parent="3",
    ),
    GoalText(
        "4.1",
        "Jätteen synnyn ehkäisy ja kierrätys",
        target_state="Yhdyskuntajätteen kierrätysaste on noussut, ja kaupungin toimipisteissä "
        "lajitellaan bio-, muovi-, kartonki- ja lasijäte.",
        parent="4",
    ),
    GoalText(
        "4.2",
        "Kestävä ruoka",
        target_state="Kasvisruoan osuus kaupungin ruokapalveluissa on vähintään 30 %, ja "
        "ruokahävikkiä seurataan kaikissa keittiöissä.",
        parent="4",
    ),
    GoalText(
        "6.1",
        "Vesihuolto ja hulevedet",
        target_state="Jätevedenpuhdistamon ravinteiden poisto on tehostunut, vuotovesien osuus "
        "on pienentynyt ja hulevesiä hallitaan suunnitelmallisesti.",
        parent="6",
    ),
    GoalText(
        "6.2",
        "Vesistöjen kunnostus ja valuma-alueet",
        target_state="Lähivesien kunnostus etenee yhteisen kunnostusohjelman mukaan, ja "
        "maatalousvaltaisille valuma-alueille on rakennettu kosteikkoja.",
        parent="6",
    ),
)

# Units that commonly collaborate on each path's actions.
PATH_COLLABORATORS = {
    "1": ("strategia", "hankinnat", "viestinta", "henkilosto", "ymparisto"),
    "2": ("tilat", "hankinnat", "ymparisto", "elinkeino", "strategia"),
    "3": ("kaavoitus", "kuntatekniikka", "joukkoliikenne", "ymparisto", "viheralueet"),
    "4": ("ruoka", "hankinnat", "tilat", "ymparisto", "opetus", "varhaiskasvatus"),
    "5": ("viheralueet", "ymparisto", "kaavoitus", "vapaa_aika"),
    "6": ("vesihuolto", "jatevesi", "ymparisto", "kuntatekniikka", "elinkeino"),
}


class ActionText(NamedTuple):
    name: str
    description: str
    unit: str
    key: bool = False
    continuous: bool = False


A = ActionText

# Actions by the goal they belong to (a focus area, or a path without focus areas), in order;
# identifiers are the goal's identifier and the position: "2.1.1", "5.3".
ACTIONS: dict[str, tuple[ActionText, ...]] = {
    "1.1": (
        A(
            "Laaditaan kaupungin hiilineutraaliustiekartta",
            "Tiekartta kuvaa, millä toimilla Salon alueen päästöt vähenevät 80 % vuoteen 2035 "
            "mennessä. Tiekartta päivitetään valtuustokausittain.",
            "strategia",
            key=True,
        ),
        A(
            "Otetaan ilmastovaikutusten arviointi osaksi päätösvalmistelua",
            "Lautakuntien ja kaupunginhallituksen päätösesityksiin lisätään ilmastovaikutusten "
            "arviointi. Valmistelijoille laaditaan ohje ja tarkistuslista.",
            "strategia",
            key=True,
        ),
        A(
            "Sisällytetään ilmasto- ja ympäristötavoitteet talousarvioon ja tuloskortteihin",
            "Jokaiselle toimialalle asetetaan vuosittain vähintään yksi ohjelmasta johdettu "
            "sitova tavoite.",
            "strategia",
        ),
        A(
            "Raportoidaan ohjelman toteutumisesta valtuustolle vuosittain",
            "Ohjelman toimenpiteiden ja mittareiden tilanne kootaan vuosittain osaksi "
            "tilinpäätöstä ja esitellään valtuustolle.",
            "strategia",
            continuous=True,
        ),
        A(
            "Laaditaan kestävien hankintojen linjaus ja ympäristökriteeristö",
            "Linjaus määrittelee hankintaryhmittäin käytettävät ympäristö- ja "
            "vastuullisuuskriteerit sekä niiden seurannan.",
            "hankinnat",
            key=True,
        ),
        A(
            "Lisätään ympäristökriteerit kaikkiin kansallisen kynnysarvon ylittäviin hankintoihin",
            "Kriteerit valitaan linjauksen mukaisesti, ja niiden käyttö kirjataan "
            "hankintapäätökseen.",
            "hankinnat",
        ),
        A(
            "Otetaan hiilijalanjälki vertailuperusteeksi rakennus- ja infrahankinnoissa",
            "Uudisrakennus- ja peruskorjaushankkeissa materiaalien hiilijalanjälki lasketaan ja "
            "sitä käytetään vertailuperusteena urakoita kilpailutettaessa.",
            "hankinnat",
        ),
        A(
            "Lasketaan kaupunkiorganisaation hiilijalanjälki kahden vuoden välein",
            "Laskenta kattaa kiinteistöt, liikkumisen, hankinnat ja ruokapalvelut, ja sen "
            "tuloksilla kohdennetaan toimenpiteitä.",
            "ymparisto",
        ),
    ),
    "1.2": (
        A(
            "Järjestetään koko henkilöstölle ilmastokoulutus verkkokurssina",
            "Lyhyt verkkokurssi kertoo ohjelman tavoitteista ja siitä, miten kukin voi omassa "
            "työssään vähentää päästöjä. Kurssi on osa perehdytystä.",
            "henkilosto",
        ),
        A(
            "Nimetään jokaiseen toimipisteeseen ympäristövastaava",
            "Ympäristövastaavat vievät ohjelman käytäntöön työyhteisöissä ja kokoontuvat "
            "verkostona kahdesti vuodessa.",
            "henkilosto",
        ),
        A(
            "Laajennetaan Green Office -ympäristöjärjestelmä kaupungin toimipisteisiin",
            "Ympäristöjärjestelmä otetaan käyttöön kaupungintalon lisäksi vähintään kymmenessä "
            "toimipisteessä.",
            "ymparisto",
        ),
        A(
            "Kootaan kaupungin ilmastotyö yhteiselle verkkosivulle ja uutiskirjeeseen",
            "Verkkosivulla kerrotaan ohjelman etenemisestä, mittareista ja asukkaiden "
            "osallistumismahdollisuuksista.",
            "viestinta",
        ),
        A(
            "Toteutetaan asukkaille suunnattu ilmastoviestintäkampanja vuosittain",
            "Kampanja nostaa esiin arjen ilmastotekoja ja salolaisia esimerkkejä yhdessä "
            "yritysten ja järjestöjen kanssa.",
            "viestinta",
            continuous=True,
        ),
        A(
            "Sisällytetään ilmasto- ja ympäristökasvatus kaikkien koulujen ja päiväkotien "
            "toimintaan",
            "Jokaisella koululla ja päiväkodilla on ympäristökasvatussuunnitelma, ja oppilaat "
            "osallistuvat oman yksikkönsä energiansäästöön.",
            "opetus",
            key=True,
        ),
    ),
    "2.1": (
        A(
            "Luovutaan öljylämmityksestä kaupungin kiinteistöissä",
            "Jäljellä olevat öljylämmitteiset kiinteistöt siirretään kaukolämpöön tai "
            "maalämpöön. Vuosittain öljylämmitys poistetaan 3–5 kohteesta.",
            "tilat",
            key=True,
        ),
        A(
            "Laaditaan kaupungin kiinteistöjen energiatehokkuusohjelma",
            "Ohjelma priorisoi energiatehokkuusinvestoinnit kiinteistöjen korjausvelan ja "
            "takaisinmaksuajan perusteella.",
            "tilat",
            key=True,
        ),
        A(
            "Otetaan käyttöön reaaliaikainen kulutusseuranta yli 1 000 m²:n kiinteistöissä",
            "Lämmön, sähkön ja veden kulutus luetaan tunneittain, ja poikkeamista hälytetään "
            "kiinteistönhoitoon.",
            "tilat",
        ),
        A(
            "Uusitaan koulujen ja päiväkotien ilmanvaihdon ohjaus tarpeenmukaiseksi",
            "Ilmanvaihtoa ohjataan käyttöaikojen ja hiilidioksidipitoisuuden mukaan.",
            "tilat",
        ),
        A(
            "Vaihdetaan katuvalaistus LED-valaisimiin",
            "Elohopea- ja suurpainenatriumvalaisimet vaihdetaan LED-valaisimiksi, ja valaistusta "
            "himmennetään yöllä.",
            "kuntatekniikka",
            key=True,
        ),
        A(
            "Rakennetaan uudet kaupungin rakennukset vähintään A-energialuokkaan",
            "Tavoite kirjataan hankesuunnitelmiin, ja toteutumista seurataan energiatodistuksilla.",
            "tilat",
        ),
        A(
            "Järjestetään kiinteistönhoitajille energiatehokkuuskoulutusta",
            "Kiinteistönhoitajat koulutetaan säätämään lämmitystä ja ilmanvaihtoa sekä "
            "tunnistamaan kulutuspoikkeamat.",
            "tilat",
            continuous=True,
        ),
    ),
    "2.2": (
        A(
            "Selvitetään aurinkosähkön potentiaali kaupungin kattopinnoilla",
            "Selvitys kartoittaa soveltuvat katot, niiden kunnon ja kannattavuuden. Tulosten "
            "pohjalta valitaan toteutettavat kohteet.",
            "tilat",
        ),
        A(
            "Rakennetaan aurinkovoimalat vähintään kymmeneen kaupungin kiinteistöön",
            "Voimalat mitoitetaan kiinteistön omaan kulutukseen. Kohteet valitaan "
            "potentiaaliselvityksen perusteella.",
            "tilat",
            key=True,
        ),
        A(
            "Siirrytään kaupungin sähkösopimuksissa uusiutuvaan sähköön",
            "Seuraavassa sähkön kilpailutuksessa edellytetään alkuperätakuin todennettua "
            "uusiutuvaa sähköä.",
            "hankinnat",
        ),
        A(
            "Edistetään kaukolämmön tuotannon siirtymistä uusiutuviin polttoaineisiin",
            "Kaupunki käyttää omistajaohjausta, jotta kaukolämpöyhtiö luopuu turpeesta ja "
            "fossiilisista polttoaineista.",
            "strategia",
        ),
        A(
            "Laaditaan tuulivoiman ja aurinkopuistojen sijoitusselvitys",
            "Selvitys osoittaa alueet, joille suuren kokoluokan uusiutuvan energian tuotanto "
            "voidaan ohjata maakuntakaavan mukaisesti.",
            "kaavoitus",
        ),
    ),
    "2.3": (
        A(
            "Järjestetään asukkaille maksutonta energianeuvontaa",
            "Neuvontaa tarjotaan yhdessä alueellisen energianeuvonnan kanssa puhelimitse, "
            "verkossa ja tapahtumissa.",
            "ymparisto",
            continuous=True,
        ),
        A(
            "Tuetaan öljylämmityksestä luopumista pientaloissa",
            "Järjestetään infotilaisuuksia ja kohdennettua neuvontaa öljylämmitteisten "
            "pientalojen omistajille valtion avustusten hyödyntämiseksi.",
            "ymparisto",
            key=True,
        ),
        A(
            "Perustetaan pk-yrityksille energiatehokkuusverkosto",
            "Verkosto jakaa kokemuksia energiakatselmuksista ja uusiutuvan energian "
            "investoinneista.",
            "elinkeino",
        ),
        A(
            "Nopeutetaan maalämpö- ja aurinkoenergiajärjestelmien lupakäsittelyä",
            "Lupaprosessia sujuvoitetaan sähköisellä asioinnilla ja selkeillä ohjeilla.",
            "kaavoitus",
        ),
        A(
            "Tarjotaan taloyhtiöille energiakatselmus- ja korjausneuvontaa",
            "Neuvonta auttaa taloyhtiöitä suunnittelemaan energiaremontit osaksi kunnossapitoa.",
            "ymparisto",
        ),
    ),
    "3.1": (
        A(
            "Ohjataan uusi asuinrakentaminen olemassa olevan yhdyskuntarakenteen yhteyteen",
            "Asemakaavoitus kohdistetaan keskustaan ja palvelujen läheisyyteen, mikä vähentää "
            "autoriippuvuutta.",
            "kaavoitus",
            key=True,
            continuous=True,
        ),
        A(
            "Sisällytetään ilmastotarkastelu yleis- ja asemakaavoihin",
            "Kaavaselostuksiin lisätään arvio kaavan vaikutuksista päästöihin ja "
            "ilmastonmuutokseen sopeutumiseen.",
            "kaavoitus",
        ),
        A(
            "Laaditaan keskustan viherrakenneselvitys ja viherkerroinmenettely",
            "Viherkerroin otetaan käyttöön keskustan asemakaavoissa, jotta tonteille jää "
            "riittävästi kasvillisuutta ja hulevesien imeytystä.",
            "kaavoitus",
        ),
        A(
            "Varataan kaavoissa tilaa latausinfrastruktuurille ja pyöräpysäköinnille",
            "Kaavamääräyksillä varmistetaan sähköautojen latauspisteet ja laadukas "
            "pyöräpysäköinti uusissa kortteleissa.",
            "kaavoitus",
        ),
        A(
            "Tiivistetään Salon keskustaa täydennysrakentamisella",
            "Vajaakäyttöisiä keskustan tontteja osoitetaan asumiseen ja palveluille.",
            "kaavoitus",
        ),
    ),
    "3.2": (
        A(
            "Laaditaan kävelyn ja pyöräilyn edistämisohjelma",
            "Ohjelma määrittelee pääreitit, puuttuvat yhteydet ja investointien "
            "kiireellisyysjärjestyksen.",
            "kuntatekniikka",
            key=True,
        ),
        A(
            "Rakennetaan puuttuvat pyörätieyhteydet keskustan ja Halikon välille",
            "Yhteys parantaa työ- ja koulumatkojen pyöräilyä keskustan ja Halikon välillä.",
            "kuntatekniikka",
            key=True,
        ),
        A(
            "Parannetaan pyöräteiden talvikunnossapitoa",
            "Pyöräilyn pääreitit nostetaan talvikunnossapidossa samaan luokkaan kuin pääkadut.",
            "kuntatekniikka",
            continuous=True,
        ),
        A(
            "Lisätään katettua pyöräpysäköintiä koulujen, asemien ja palvelujen yhteyteen",
            "Runkolukittavia pyörätelineitä rakennetaan vuosittain vähintään viiteen kohteeseen.",
            "kuntatekniikka",
        ),
        A(
            "Kokeillaan sähköpyörien lainausta asukkaille",
            "Kirjastojen kautta lainattavat sähköpyörät madaltavat kynnystä kokeilla "
            "pyöräilyä työmatkoilla.",
            "joukkoliikenne",
        ),
    ),
    "3.3": (
        A(
            "Kehitetään paikallisliikenteen reitistöä ja vuorovälejä",
            "Reitistö uudistetaan asukaskyselyn ja matkakorttidatan perusteella palvelemaan "
            "paremmin työ- ja koulumatkoja.",
            "joukkoliikenne",
            key=True,
        ),
        A(
            "Edellytetään vähäpäästöistä kalustoa joukkoliikenteen kilpailutuksissa",
            "Kilpailutuksissa annetaan lisäpisteitä sähkö- ja biokaasubusseista.",
            "joukkoliikenne",
        ),
        A(
            "Vaihdetaan kaupungin henkilöautot vähäpäästöisiin leasingkausien päättyessä",
            "Päättyvät leasingsopimukset korvataan sähkö- tai kaasuautoilla, ja yhteiskäyttöautoja "
            "lisätään.",
            "hankinnat",
            key=True,
        ),
        A(
            "Rakennetaan julkisia latauspisteitä kaupungin pysäköintialueille",
            "Latauspisteitä rakennetaan keskustan, uimahallin ja liikuntapaikkojen "
            "pysäköintialueille.",
            "kuntatekniikka",
            key=True,
        ),
        A(
            "Tuetaan biokaasun tankkausaseman perustamista Saloon",
            "Kaupunki osoittaa tontin ja selvittää yhdessä yritysten kanssa biokaasun "
            "paikallisen tuotannon.",
            "elinkeino",
        ),
        A(
            "Otetaan käyttöön työsuhdepyöräetu henkilöstölle",
            "Työsuhdepyöräetu kannustaa henkilöstöä pyöräilemään työmatkat.",
            "henkilosto",
        ),
    ),
    "4.1": (
        A(
            "Tehostetaan biojätteen ja muovipakkausten erilliskeräystä kaupungin toimipisteissä",
            "Kaikkiin toimipisteisiin järjestetään bio-, muovi-, kartonki- ja lasijätteen "
            "keräys sekä lajitteluohjeet.",
            "tilat",
            key=True,
        ),
        A(
            "Perustetaan kaupungin sisäinen tavarankierrätyspalvelu",
            "Käytöstä poistuvat kalusteet ja laitteet kierrätetään sähköisen alustan kautta "
            "toisiin yksiköihin ennen hankintaa.",
            "hankinnat",
        ),
        A(
            "Hyödynnetään ylijäämämaita kaupungin infrahankkeissa maa-ainespankin avulla",
            "Maa-ainespankki vähentää kuljetuksia ja neitseellisten maa-ainesten käyttöä.",
            "kuntatekniikka",
            key=True,
        ),
        A(
            "Selvitetään kiertotalouspuiston sijoittaminen Saloon",
            "Selvitys kartoittaa yritysten sivuvirrat ja sopivat alueet teolliselle symbioosille.",
            "elinkeino",
        ),
        A(
            "Järjestetään korjaus- ja kierrätystapahtumia yhdessä järjestöjen kanssa",
            "Korjauskahviloita ja vaihtotoreja järjestetään kirjastoissa ja nuorisotiloissa.",
            "ymparisto",
            continuous=True,
        ),
        A(
            "Luovutaan kertakäyttöastioista kaupungin tilaisuuksissa",
            "Tilaisuuksiin hankitaan pestävät astiat, ja kahvitusten tarjoilijoita ohjeistetaan.",
            "ruoka",
        ),
        A(
            "Otetaan käyttöön purkukartoitus kaupungin rakennushankkeissa",
            "Ennen purkua kartoitetaan uudelleenkäytettävät rakennusosat ja materiaalit.",
            "tilat",
        ),
        A(
            "Lisätään jäteneuvontaa kouluissa ja päiväkodeissa",
            "Neuvontaa järjestetään yhdessä alueellisen jätehuoltoyhtiön kanssa.",
            "opetus",
        ),
    ),
    "4.2": (
        A(
            "Lisätään kasvisruoan osuutta koulujen ruokalistoilla",
            "Kouluissa tarjotaan kasvisruokaa vähintään kahtena päivänä viikossa, ja "
            "kasvisvaihtoehto on aina saatavilla.",
            "ruoka",
            key=True,
        ),
        A(
            "Otetaan käyttöön ruokahävikin seuranta kaikissa kaupungin keittiöissä",
            "Keittiöt punnitsevat valmistus-, tarjoilu- ja lautashävikin viikoittain.",
            "ruoka",
            key=True,
        ),
        A(
            "Lisätään paikallisen ja luomuruoan osuutta elintarvikehankinnoissa",
            "Hankinnat jaetaan pienempiin osiin, jotta paikalliset tuottajat voivat osallistua "
            "tarjouskilpailuihin.",
            "hankinnat",
        ),
        A(
            "Myydään tai lahjoitetaan ylijäämäruoka",
            "Koulujen ylijäämäruoka myydään asukkaille tai lahjoitetaan ruoka-apuun.",
            "ruoka",
        ),
        A(
            "Laaditaan ruokapalveluille ympäristöohjelma",
            "Ohjelma kattaa ruokalistasuunnittelun, hankinnat, energiankäytön ja jätteet.",
            "ruoka",
        ),
        A(
            "Kehitetään lähiruoan pienhankintoja yhdessä tuottajien kanssa",
            "Tuottajille järjestetään hankintainfoja, ja pienhankinnoissa kokeillaan "
            "dynaamista hankintajärjestelmää.",
            "elinkeino",
        ),
    ),
    "5": (
        A(
            "Suojellaan vähintään 5 % kaupungin metsistä",
            "Suojeltavat kohteet valitaan luontokartoitusten perusteella, ja niille haetaan "
            "suojelupäätös ELY-keskukselta.",
            "viheralueet",
            key=True,
        ),
        A(
            "Laaditaan kaupungin luonnon monimuotoisuusohjelma",
            "Ohjelma kokoaa kaupungin toimet luontokadon pysäyttämiseksi ja asettaa niille "
            "mitattavat tavoitteet.",
            "ymparisto",
            key=True,
        ),
        A(
            "Kartoitetaan arvokkaat luontokohteet kaupungin maanomistusalueilla",
            "Kartoitus tehdään maastoinventointeina, ja tiedot viedään paikkatietojärjestelmään.",
            "ymparisto",
        ),
        A(
            "Otetaan jatkuvapeitteinen kasvatus käyttöön taajamametsissä",
            "Metsäsuunnitelmaa päivitetään niin, että taajamien lähimetsiä hoidetaan avohakkuitta.",
            "viheralueet",
        ),
        A(
            "Perustetaan niittyjä ja harvennetaan nurmikoiden leikkuuta puistoissa",
            "Osa puistonurmista muutetaan niityiksi, mikä lisää pölyttäjien elinympäristöjä.",
            "viheralueet",
        ),
        A(
            "Torjutaan haitallisia vieraslajeja",
            "Jättiputkea, kurtturuusua ja komealupiinia torjutaan talkoilla ja urakoin "
            "kaupungin alueilla.",
            "ymparisto",
            continuous=True,
        ),
        A(
            "Laaditaan viherrakenneohjelma ja turvataan ekologiset yhteydet kaavoituksessa",
            "Ohjelma osoittaa viheryhteydet, jotka yleiskaavoituksessa on säilytettävä.",
            "kaavoitus",
        ),
        A(
            "Ennallistetaan ojitettuja soita ja pienvesiä kaupungin mailla",
            "Ennallistaminen palauttaa soiden vesitaloutta ja lisää hiilen sitoutumista.",
            "viheralueet",
        ),
        A(
            "Lisätään lahopuuta ja säästöpuita kaupungin metsänhoidossa",
            "Hakkuissa jätetään säästöpuuryhmiä ja lahopuuta vähintään metsäsertifioinnin "
            "vaatimusten mukaisesti.",
            "viheralueet",
        ),
        A(
            "Parannetaan lähiluontokohteiden saavutettavuutta",
            "Luontopolkuja, pitkospuita ja opasteita kunnostetaan yhdessä yhdistysten kanssa.",
            "vapaa_aika",
        ),
        A(
            "Kokeillaan ekologista kompensaatiota kaupungin rakennushankkeessa",
            "Yhdessä pilottihankkeessa menetetyt luontoarvot korvataan ennallistamalla toinen "
            "alue.",
            "ymparisto",
        ),
        A(
            "Järjestetään koululaisille luontokouluopetusta",
            "Jokainen viidesluokkalainen osallistuu luontokoulupäivään kaupungin luontokohteessa.",
            "opetus",
            continuous=True,
        ),
    ),
    "6.1": (
        A(
            "Saneerataan vuotavia viemäriverkostoja vuotovesien vähentämiseksi",
            "Saneeraukset kohdistetaan virtaamamittausten perusteella verkoston osiin, joissa "
            "vuotovesiä on eniten.",
            "vesihuolto",
            key=True,
        ),
        A(
            "Tehostetaan jätevedenpuhdistamon typenpoistoa",
            "Puhdistamon biologista prosessia tehostetaan ja ohjausautomaatiota uusitaan.",
            "jatevesi",
        ),
        A(
            "Laaditaan hulevesiohjelma ja otetaan käyttöön hulevesimaksu",
            "Ohjelma määrittää hulevesien hallinnan periaatteet, ja maksulla rahoitetaan "
            "hulevesijärjestelmää.",
            "kuntatekniikka",
        ),
        A(
            "Rakennetaan viivytysaltaita ja biosuodatusalueita keskustan hulevesille",
            "Rakenteet vähentävät Salonjokeen päätyvää kiintoaine- ja ravinnekuormaa.",
            "kuntatekniikka",
        ),
        A(
            "Laajennetaan keskitettyä vesihuoltoa haja-asutusalueiden kyliin",
            "Verkostoa laajennetaan kyliin, joissa kiinteistöjen jätevesijärjestelmät eivät "
            "täytä vaatimuksia.",
            "vesihuolto",
        ),
        A(
            "Hyödynnetään jätevesilietteen ravinteet ja biokaasu",
            "Liete käsitellään mädättämällä, ja ravinteet palautetaan peltoviljelyyn "
            "kierrätyslannoitteina.",
            "jatevesi",
        ),
    ),
    "6.2": (
        A(
            "Laaditaan lähivesien kunnostusohjelma yhdessä ELY-keskuksen kanssa",
            "Ohjelma asettaa kunnostuskohteet tärkeysjärjestykseen ja kokoaa rahoituslähteet.",
            "ymparisto",
            key=True,
        ),
        A(
            "Rakennetaan kosteikkoja maatalousvaltaisille valuma-alueille",
            "Kosteikot ja laskeutusaltaat pidättävät peltojen ravinteita ennen jokia.",
            "ymparisto",
        ),
        A(
            "Neuvotaan haja-asutuksen jätevesien käsittelyssä",
            "Kiinteistökohtaista neuvontaa tarjotaan kylillä, joihin vesihuoltoverkosto ei ulotu.",
            "ymparisto",
            continuous=True,
        ),
        A(
            "Kunnostetaan Halikonlahden ja keskustan uimarannat",
            "Rantojen ruoppaus, hiekoitus ja vesikasvillisuuden niitto parantavat "
            "virkistyskäyttöä.",
            "vapaa_aika",
        ),
        A(
            "Seurataan jokien vedenlaatua jatkuvatoimisilla mittareilla",
            "Uskelanjokeen ja Halikonjokeen asennetaan mittarit, joiden tulokset julkaistaan "
            "avoimena datana.",
            "ymparisto",
        ),
        A(
            "Tuetaan maanviljelijöiden vesiensuojelutoimia",
            "Viljelijöitä neuvotaan suojavyöhykkeiden, kipsikäsittelyn ja talviaikaisen "
            "kasvipeitteisyyden käytössä.",
            "elinkeino",
        ),
    ),
}

del A

# ---------------------------------------------------------------------------
# The programme before: 2016–2020, five paths with their actions directly
# ---------------------------------------------------------------------------

PREVIOUS_PATHS = (
    ("1", "Energiatehokas kaupunki"),
    ("2", "Kestävä liikkuminen ja yhdyskuntarakenne"),
    ("3", "Kestävä kulutus ja jätteet"),
    ("4", "Luonto ja vesistöt"),
    ("5", "Ympäristövastuullinen organisaatio"),
)


class PreviousActionText(NamedTuple):
    name: str
    unit: str
    outcome: str
    """"completed", "cancelled" or "continuous"."""


P = PreviousActionText

PREVIOUS_ACTIONS: dict[str, tuple[PreviousActionText, ...]] = {
    "1": (
        P("Tehdään energiakatselmukset kaupungin suurimpiin kiinteistöihin", "tilat", "completed"),
        P("Liitytään kuntien energiatehokkuussopimukseen", "strategia", "completed"),
        P("Vähennetään öljylämmitystä kaupungin kiinteistöissä", "tilat", "completed"),
        P("Vaihdetaan ulkovalaistuksen elohopealamput", "kuntatekniikka", "completed"),
        P("Toteutetaan aurinkosähkön pilottikohde", "tilat", "completed"),
        P("Järjestetään asukkaille energiailtoja", "ymparisto", "completed"),
        P("Otetaan käyttöön energiankulutuksen etäluenta", "tilat", "completed"),
    ),
    "2": (
        P(
            "Laaditaan pyöräilyn ja liikenneturvallisuuden suunnitelma",
            "kuntatekniikka",
            "completed",
        ),
        P("Rakennetaan pyöräpysäköintiä rautatieasemalle", "kuntatekniikka", "completed"),
        P(
            "Selvitetään kutsuliikenteen laajentaminen maaseutualueille",
            "joukkoliikenne",
            "completed",
        ),
        P("Hankitaan kaupungille ensimmäiset sähköautot", "hankinnat", "completed"),
        P("Kokeillaan kaupunkipyöräjärjestelmää", "joukkoliikenne", "cancelled"),
        P("Päivitetään keskustan osayleiskaava", "kaavoitus", "completed"),
        P("Edistetään etätyötä ja etäkokouksia", "henkilosto", "continuous"),
    ),
    "3": (
        P("Tehostetaan biojätteen keräystä kouluissa", "tilat", "completed"),
        P("Otetaan kouluissa käyttöön viikoittainen kasvisruokapäivä", "ruoka", "completed"),
        P("Vähennetään paperin kulutusta sähköisellä asianhallinnalla", "strategia", "completed"),
        P("Järjestetään kierrätystapahtuma vuosittain", "ymparisto", "continuous"),
        P("Laaditaan kestävien hankintojen ohje", "hankinnat", "completed"),
        P("Perustetaan kaupungin kierrätyskeskus", "elinkeino", "cancelled"),
    ),
    "4": (
        P("Päivitetään luonnonsuojeluohjelma", "ymparisto", "completed"),
        P("Kartoitetaan vieraslajiesiintymät", "ymparisto", "completed"),
        P("Kunnostetaan Halikonlahden ranta-alueita", "viheralueet", "completed"),
        P("Seurataan pienvesien tilaa", "ymparisto", "continuous"),
        P("Rakennetaan kosteikko Uskelanjoen valuma-alueelle", "ymparisto", "completed"),
        P("Selvitetään kaupungin metsien suojelukohteet", "viheralueet", "completed"),
    ),
    "5": (
        P("Perustetaan ympäristöohjelman ohjausryhmä", "strategia", "completed"),
        P("Koulutetaan ympäristövastaavat toimipisteisiin", "henkilosto", "completed"),
        P("Laaditaan ympäristöraportti vuosittain", "ymparisto", "continuous"),
        P("Lasketaan kaupunkiorganisaation hiilijalanjälki", "ymparisto", "completed"),
        P("Otetaan ympäristöjärjestelmä käyttöön keskushallinnossa", "strategia", "cancelled"),
        P("Järjestetään henkilöstön ilmastohaaste", "henkilosto", "cancelled"),
    ),
}

del P

PREVIOUS_DONE = {
    "completed": (
        "Toimenpide toteutettiin ohjelmakauden aikana, ja tulokset raportoitiin "
        "ympäristölautakunnalle.",
        "Toimenpide on valmis. Työ jatkuu tarvittavilta osin ohjelmassa 2021–2025.",
    ),
    "cancelled": (
        "Toimenpiteestä luovuttiin, koska sille ei osoitettu rahoitusta ohjelmakaudella.",
        "Toimenpide jätettiin toteuttamatta; tavoitetta edistetään toisin keinoin "
        "seuraavassa ohjelmassa.",
    ),
    "continuous": (
        "Toiminta on vakiintunut osaksi yksikön perustyötä.",
        "Toimintaa jatketaan vuosittain osana tavallista työtä.",
    ),
}

# ---------------------------------------------------------------------------
# The successor programme, in preparation: main goals and paths only
# ---------------------------------------------------------------------------

DRAFT_MAIN_GOALS = (
    GoalText(
        "T1",
        "Hiilineutraali Salo 2035",
        "Päästöt vähenevät 80 % vuoden 2007 tasosta, ja loput katetaan nieluilla.",
        strategic=("A1", "A2"),
    ),
    GoalText(
        "T2",
        "Luontokadon pysäyttäminen",
        "Luonnon monimuotoisuus ja vesistöjen tila paranevat kaupungin alueella.",
        strategic=("A4",),
    ),
)

DRAFT_PATHS = (
    GoalText(
        "1",
        "Päästöttömät kiinteistöt ja energia",
        target_state="Kaupungin kiinteistöissä ei käytetä fossiilisia polttoaineita.",
        serves=("T1",),
    ),
    GoalText(
        "2",
        "Kestävä liikkuminen",
        target_state="Kestävien kulkutapojen osuus matkoista on kasvanut selvästi.",
        serves=("T1",),
    ),
    GoalText(
        "3",
        "Elinvoimainen luonto ja vesistöt",
        target_state="Suojeltujen kaupungin metsien osuus on vähintään 10 %.",
        serves=("T2",),
    ),
)

# ---------------------------------------------------------------------------
# Indicators
# ---------------------------------------------------------------------------

SYKE = "Syke, ALas-malli (CC BY 4.0)"
SYKE_URL = "https://www.syke.fi/fi-FI/Tutkimus__kehittaminen/Kiertotalous/Laskurit/Kuntien_ja_alueiden_kasvihuonekaasupaastot"


class IndicatorText(NamedTuple):
    identifier: str
    name: str
    unit: str
    direction: str
    """"decrease" or "increase": which is better."""
    decimals: int
    source: str
    values: dict[int, float]
    """Anchor values by year; the years between are interpolated with a little noise."""
    baseline_year: int | None
    targets: tuple[tuple[int, float, str], ...]
    goals: tuple[str, ...]
    contact: str
    actions: tuple[str, ...] = ()
    description: str = ""
    interpolate: bool = True
    noise: float = 0.015
    source_url: str = ""
    component_of: str = ""
    """The identifier of the total this indicator adds up to with its sibling components."""
    fitted: bool = False
    """A component that follows the weather and the economy: the loader scales it, year by
    year with its fitted siblings, so that all the components add up to their total."""


# Long yearly series, kept on a few lines.
# fmt: off
AREA_EMISSIONS = {
    2005: 548.2, 2006: 541.0, 2007: 552.6, 2008: 520.3, 2009: 497.5, 2010: 521.8, 2011: 488.9,
    2012: 472.0, 2013: 458.4, 2014: 441.7, 2015: 425.3, 2016: 428.9, 2017: 409.6, 2018: 401.2,
    2019: 388.5, 2020: 361.3, 2021: 366.0, 2022: 343.8, 2023: 330.1, 2024: 318.9,
}
HEATING_OIL = {
    2016: 930, 2017: 862, 2018: 795, 2019: 718, 2020: 640, 2021: 550, 2022: 465, 2023: 410,
    2024: 355, 2025: 300,
}
BUS_BOARDINGS = {
    2015: 1.32, 2017: 1.28, 2019: 1.25, 2020: 0.82, 2021: 0.91, 2022: 1.05, 2023: 1.12,
    2024: 1.16, 2025: 1.18,
}
# fmt: on

I = IndicatorText  # noqa: E741
DOWN, UP = "decrease", "increase"

INDICATORS = (
    # -- Area emissions (Syke, ALas) ------------------------------------------------
    I(
        "M01",
        "Salon alueen kasvihuonekaasupäästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        AREA_EMISSIONS,
        2007,
        (
            (2030, 248.7, "−55 % vuoden 2007 tasosta"),
            (2035, 110.5, "−80 % vuoden 2007 tasosta (hiilineutraalius)"),
        ),
        ("T1",),
        "johanna.makinen",
        description="Alueen kokonaispäästöt Hinku-laskennan mukaan, ilman päästökauppasektoria.",
        source_url=SYKE_URL,
    ),
    I(
        "M02",
        "Tieliikenteen päästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 128.4, 2007: 127.3, 2019: 110.5, 2020: 104.5, 2021: 106.2, 2022: 101.9, 2024: 97.8},
        2007,
        ((2030, 85.0, "−33 % vuoden 2007 tasosta"),),
        ("3.3", "T1"),
        "petri.rantanen",
        source_url=SYKE_URL,
        component_of="M01",
    ),
    I(
        "M03",
        "Öljylämmityksen päästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 61.5, 2007: 58.0, 2015: 41.2, 2020: 33.0, 2024: 28.0},
        2007,
        ((2030, 25.0, ""), (2035, 10.0, "")),
        ("2.3",),
        "johanna.makinen",
        source_url=SYKE_URL,
        component_of="M01",
        fitted=True,
    ),
    I(
        "M04",
        "Sähkölämmityksen päästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 48.0, 2007: 47.1, 2012: 40.3, 2018: 31.5, 2022: 18.2, 2024: 14.0},
        2007,
        ((2030, 20.0, ""),),
        ("2.2",),
        "johanna.makinen",
        description="Päästöt laskevat sähköntuotannon puhdistuessa.",
        source_url=SYKE_URL,
        component_of="M01",
        fitted=True,
    ),
    I(
        "M05",
        "Kaukolämmön päästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 70.2, 2007: 68.0, 2014: 51.0, 2019: 35.4, 2024: 22.0},
        2007,
        ((2030, 20.0, ""),),
        ("2.2",),
        "johanna.makinen",
        source_url=SYKE_URL,
        component_of="M01",
        fitted=True,
    ),
    I(
        "M06",
        "Maatalouden päästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 78.3, 2007: 77.0, 2015: 75.9, 2024: 74.0},
        2007,
        ((2030, 65.0, ""),),
        ("T1",),
        "satu.laaksonen",
        noise=0.01,
        source_url=SYKE_URL,
        component_of="M01",
    ),
    I(
        "M07",
        "Jätteiden käsittelyn päästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 24.1, 2007: 23.0, 2012: 15.8, 2018: 11.0, 2024: 9.0},
        2007,
        ((2030, 8.0, ""),),
        ("4.1",),
        "johanna.makinen",
        source_url=SYKE_URL,
        component_of="M01",
    ),
    # The rest of Syke's main sectors, charted only as parts of the area's emissions.
    # Rail and water transport (electric trains, a few boats) round to almost nothing in
    # Salo, and emission credits are not part of the Hinku total.
    I(
        "M41",
        "Kulutussähkön päästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 62.0, 2010: 58.0, 2015: 41.0, 2020: 25.0, 2024: 14.0},
        2007,
        (),
        (),
        "johanna.makinen",
        description="Muun kuin lämmitykseen käytetyn sähkön päästöt; laskevat sähköntuotannon "
        "puhdistuessa.",
        source_url=SYKE_URL,
        component_of="M01",
        fitted=True,
    ),
    I(
        "M42",
        "Muun lämmityksen päästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 9.5, 2015: 8.0, 2024: 6.5},
        2007,
        (),
        (),
        "johanna.makinen",
        description="Puun, maakaasun ja muiden polttoaineiden käyttö erillislämmityksessä.",
        source_url=SYKE_URL,
        component_of="M01",
        fitted=True,
    ),
    I(
        "M43",
        "Teollisuuden päästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 30.0, 2012: 26.0, 2024: 19.0},
        2007,
        (),
        (),
        "johanna.makinen",
        description="Päästökauppaan kuulumattoman teollisuuden polttoaineiden käyttö.",
        source_url=SYKE_URL,
        component_of="M01",
        fitted=True,
    ),
    I(
        "M44",
        "Työkoneiden päästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 29.0, 2015: 27.0, 2024: 23.0},
        2007,
        (),
        (),
        "johanna.makinen",
        description="Rakennus-, maatalous- ja muiden työkoneiden polttoaineet.",
        source_url=SYKE_URL,
        component_of="M01",
        fitted=True,
    ),
    I(
        "M45",
        "F-kaasupäästöt",
        "kt CO2e",
        DOWN,
        1,
        SYKE,
        {2005: 7.0, 2012: 9.5, 2024: 6.0},
        2007,
        (),
        (),
        "johanna.makinen",
        description="Kylmälaitteiden ja lämpöpumppujen fluoratut kasvihuonekaasut.",
        source_url=SYKE_URL,
        component_of="M01",
    ),
    # -- The city organisation ----------------------------------------------------
    I(
        "M08",
        "Kaupunkiorganisaation hiilijalanjälki",
        "t CO2e",
        DOWN,
        0,
        "Salon kaupunki, hiilijalanjälkilaskenta",
        {2016: 21400, 2019: 18900, 2021: 16700, 2023: 15100},
        2016,
        ((2030, 8000, "−60 % vuoden 2016 tasosta"),),
        ("1",),
        "ville.heikkinen",
        actions=("1.1.8",),
        interpolate=False,
    ),
    I(
        "M09",
        "Lautakuntapäätökset, joissa ilmastovaikutukset on arvioitu",
        "%",
        UP,
        0,
        "Salon kaupunki, asianhallinta",
        {2022: 12, 2023: 31, 2024: 48, 2025: 57},
        2022,
        ((2025, 80, ""), (2027, 100, "")),
        ("1.1",),
        "ville.heikkinen",
        actions=("1.1.2",),
        interpolate=False,
    ),
    I(
        "M10",
        "Hankinnat, joissa on käytetty ympäristökriteerejä",
        "%",
        UP,
        0,
        "Salon kaupunki, hankintapalvelut",
        {2019: 18, 2022: 33, 2025: 52},
        2019,
        ((2025, 50, ""), (2030, 75, "")),
        ("1.1", "T2"),
        "heidi.jarvinen",
        actions=("1.1.6",),
    ),
    # -- Energy -----------------------------------------------------------------
    I(
        "M11",
        "Lämmitysöljyn kulutus kaupungin kiinteistöissä",
        "m³",
        DOWN,
        0,
        "Salon kaupunki, tilapalvelut",
        HEATING_OIL,
        2016,
        ((2035, 0, "Ei öljylämmitystä vuonna 2035"),),
        ("2.1", "T1"),
        "editor",
        actions=("2.1.1",),
    ),
    I(
        "M12",
        "Öljylämmitteiset kaupungin rakennukset",
        "kpl",
        DOWN,
        0,
        "Salon kaupunki, tilapalvelut",
        {2021: 34, 2022: 31, 2023: 28, 2024: 26, 2025: 25},
        2021,
        ((2035, 0, ""),),
        ("2.1",),
        "editor",
        actions=("2.1.1",),
    ),
    I(
        "M13",
        "Kaupungin kiinteistöjen lämmönkulutus (sääkorjattu)",
        "GWh",
        DOWN,
        1,
        "Salon kaupunki, tilapalvelut",
        {2015: 62.0, 2020: 57.4, 2025: 53.0},
        2015,
        ((2025, 50.0, ""), (2030, 45.0, "")),
        ("2", "2.1"),
        "editor",
        actions=("2.1.2", "2.1.3"),
    ),
    I(
        "M14",
        "Kaupungin kiinteistöjen sähkönkulutus",
        "GWh",
        DOWN,
        1,
        "Salon kaupunki, tilapalvelut",
        {2015: 21.0, 2019: 22.1, 2025: 23.4},
        2015,
        ((2030, 19.0, ""),),
        ("2.1",),
        "editor",
        description="Kulutusta kasvattavat uudet ilmanvaihtojärjestelmät ja lämpöpumput.",
    ),
    I(
        "M15",
        "Aurinkosähkön tuotanto kaupungin kiinteistöissä",
        "MWh",
        UP,
        0,
        "Salon kaupunki, tilapalvelut",
        {2017: 40, 2019: 120, 2021: 310, 2023: 620, 2025: 780},
        2017,
        ((2025, 800, ""), (2030, 1500, "")),
        ("2.2",),
        "editor",
        actions=("2.2.2",),
    ),
    I(
        "M16",
        "Uusiutuvan energian osuus kaukolämmön tuotannossa",
        "%",
        UP,
        0,
        "Salon Kaukolämpö Oy",
        {2015: 55, 2019: 71, 2025: 88},
        2015,
        ((2030, 100, ""),),
        ("2.2",),
        "ville.heikkinen",
        actions=("2.2.4",),
    ),
    I(
        "M17",
        "Energianeuvontaan osallistuneet asukkaat",
        "hlö/v",
        UP,
        0,
        "Valonia, energianeuvonta",
        {2019: 150, 2020: 90, 2022: 260, 2025: 420},
        2019,
        ((2025, 500, ""),),
        ("2.3",),
        "johanna.makinen",
        actions=("2.3.1",),
        noise=0.06,
    ),
    I(
        "M18",
        "Lämpöpumppujen toimenpideluvat",
        "kpl/v",
        UP,
        0,
        "Salon kaupunki, rakennusvalvonta",
        {2015: 120, 2020: 190, 2025: 310},
        2015,
        ((2030, 400, ""),),
        ("2.3",),
        "antti.lehtinen",
        noise=0.06,
    ),
    # -- Land use and transport ---------------------------------------------------
    I(
        "M19",
        "Pyöräteiden pituus",
        "km",
        UP,
        0,
        "Salon kaupunki, kunnallistekniikka",
        {2015: 118, 2020: 131, 2025: 146},
        2015,
        ((2030, 170, ""),),
        ("3", "3.2"),
        "mikko.laine",
        actions=("3.2.2",),
        noise=0.005,
    ),
    I(
        "M20",
        "Kävelyn ja pyöräilyn osuus matkoista",
        "%",
        UP,
        0,
        "Henkilöliikennetutkimus, Traficom",
        {2016: 24, 2021: 27},
        2016,
        ((2030, 35, ""),),
        ("3.2",),
        "petri.rantanen",
        interpolate=False,
        description="Henkilöliikennetutkimuksen Salon otos; uutta tutkimusta ei ole tehty.",
    ),
    I(
        "M21",
        "Paikallisliikenteen nousut",
        "milj. nousua/v",
        UP,
        2,
        "Salon kaupunki, joukkoliikenne",
        BUS_BOARDINGS,
        2019,
        ((2030, 1.5, ""),),
        ("3.3",),
        "petri.rantanen",
        actions=("3.3.1",),
        noise=0.01,
    ),
    I(
        "M22",
        "Täyssähköautot Salossa",
        "kpl",
        UP,
        0,
        "Traficom, ajoneuvorekisteri",
        {2015: 12, 2019: 120, 2025: 1450},
        2019,
        ((2030, 5000, ""),),
        ("3.3", "T1"),
        "petri.rantanen",
        noise=0.03,
    ),
    I(
        "M23",
        "Julkiset latauspisteet",
        "kpl",
        UP,
        0,
        "Salon kaupunki, kunnallistekniikka",
        {2018: 4, 2021: 18, 2025: 62},
        2018,
        ((2025, 50, ""),),
        ("3.3",),
        "mikko.laine",
        actions=("3.3.4",),
        noise=0.03,
    ),
    I(
        "M24",
        "Vähäpäästöisten ajoneuvojen osuus kaupungin autoista",
        "%",
        UP,
        0,
        "Salon kaupunki, hankintapalvelut",
        {2020: 8, 2023: 19, 2025: 31},
        2020,
        ((2030, 60, ""),),
        ("3.3",),
        "heidi.jarvinen",
        actions=("3.3.3",),
    ),
    # -- Circular economy and food ----------------------------------------------
    I(
        "M25",
        "Yhdyskuntajätteen kierrätysaste",
        "%",
        UP,
        1,
        "Rouskis Oy, jätetilastot",
        {2015: 38.0, 2019: 40.6, 2024: 44.1},
        2015,
        ((2025, 55.0, "EU:n jätedirektiivin tavoite"), (2030, 60.0, "")),
        ("T2", "4.1"),
        "johanna.makinen",
        noise=0.01,
    ),
    I(
        "M26",
        "Sekajätteen määrä asukasta kohden",
        "kg/as/v",
        DOWN,
        0,
        "Rouskis Oy, jätetilastot",
        {2015: 212, 2020: 201, 2024: 186},
        2015,
        ((2030, 150, ""),),
        ("4.1",),
        "johanna.makinen",
        noise=0.01,
    ),
    I(
        "M27",
        "Rakennus- ja purkujätteen hyödyntämisaste kaupungin hankkeissa",
        "%",
        UP,
        0,
        "Salon kaupunki, tilapalvelut",
        {2025: 71},
        None,
        ((2030, 80, ""),),
        ("4.1", "T2"),
        "editor",
        interpolate=False,
        description="Seuranta aloitettiin vuonna 2025.",
    ),
    I(
        "M28",
        "Kasvisruoan osuus koulujen ja päiväkotien aterioista",
        "%",
        UP,
        0,
        "Salon kaupunki, ruokapalvelut",
        {2017: 10, 2019: 14, 2021: 22, 2023: 28, 2025: 33},
        2017,
        ((2025, 30, ""), (2030, 40, "")),
        ("4.2",),
        "riikka.saarinen",
        actions=("4.2.1",),
    ),
    I(
        "M29",
        "Kouluruokailun ruokahävikki",
        "g/annos",
        DOWN,
        0,
        "Salon kaupunki, ruokapalvelut",
        {2018: 32, 2021: 28, 2025: 24},
        2018,
        ((2025, 20, ""), (2030, 15, "")),
        ("4.2",),
        "riikka.saarinen",
        actions=("4.2.2",),
        noise=0.03,
    ),
    I(
        "M30",
        "Paikallisen ruoan osuus elintarvikehankinnoista",
        "%",
        UP,
        0,
        "Salon kaupunki, hankintapalvelut",
        {2019: 18, 2022: 22, 2025: 28},
        2019,
        ((2030, 35, ""),),
        ("4", "4.2"),
        "heidi.jarvinen",
        actions=("4.2.3",),
    ),
    # -- Nature -----------------------------------------------------------------
    I(
        "M31",
        "Suojeltujen kaupungin metsien osuus",
        "%",
        UP,
        1,
        "Salon kaupunki, viheralueet ja metsät",
        {2016: 0.8, 2018: 1.1, 2020: 1.5, 2022: 1.9, 2024: 2.2, 2025: 2.2},
        2016,
        ((2030, 5.0, "Ohjelman tavoite 5 %"),),
        ("5", "T3"),
        "tiina.aaltonen",
        actions=("5.1",),
        interpolate=False,
    ),
    I(
        "M32",
        "Vieraslajien torjuntakohteet",
        "kpl/v",
        UP,
        0,
        "Salon kaupunki, ympäristönsuojelu",
        {2019: 8, 2022: 22, 2025: 41},
        2019,
        ((2030, 80, ""),),
        ("5",),
        "johanna.makinen",
        actions=("5.6",),
        noise=0.05,
    ),
    I(
        "M33",
        "Niittyjen ja perinnebiotooppien hoitoala",
        "ha",
        UP,
        1,
        "Salon kaupunki, viheralueet ja metsät",
        {2016: 12.0, 2020: 21.5, 2025: 34.0},
        2016,
        ((2030, 50.0, ""),),
        ("5",),
        "tiina.aaltonen",
        actions=("5.5",),
        noise=0.03,
    ),
    # -- Waters -----------------------------------------------------------------
    I(
        "M34",
        "Jätevedenpuhdistamon fosforinpoistoteho",
        "%",
        UP,
        1,
        "Salon Vesi, velvoitetarkkailu",
        {2015: 95.2, 2020: 96.0, 2025: 96.8},
        2015,
        ((2030, 97.5, ""),),
        ("6.1",),
        "jukka.hamalainen",
        noise=0.002,
    ),
    I(
        "M35",
        "Jätevedenpuhdistamon typenpoistoteho",
        "%",
        UP,
        1,
        "Salon Vesi, velvoitetarkkailu",
        {2015: 62.0, 2020: 64.5, 2025: 68.0},
        2015,
        ((2030, 75.0, "Ympäristöluvan tavoite"),),
        ("6.1",),
        "jukka.hamalainen",
        actions=("6.1.2",),
        noise=0.01,
    ),
    I(
        "M36",
        "Vuotovesien osuus jätevedestä",
        "%",
        DOWN,
        0,
        "Salon Vesi",
        {2015: 38, 2020: 36, 2025: 33},
        2015,
        ((2030, 25, ""),),
        ("6.1",),
        "jukka.hamalainen",
        actions=("6.1.1",),
        noise=0.03,
    ),
    I(
        "M37",
        "Hyvässä ekologisessa tilassa olevat vesimuodostumat",
        "%",
        UP,
        0,
        "Syke ja Varsinais-Suomen ELY-keskus, ekologinen luokittelu",
        {2008: 27, 2013: 29, 2019: 33, 2025: 35},
        2013,
        ((2027, 60, "Vesipuitedirektiivin tavoite"),),
        ("T4", "6.2"),
        "johanna.makinen",
        interpolate=False,
    ),
    I(
        "M38",
        "Toteutetut hulevesikohteet",
        "kpl",
        UP,
        0,
        "Salon kaupunki, kunnallistekniikka",
        {2019: 2, 2022: 8, 2025: 17},
        2019,
        ((2030, 35, ""),),
        ("6.1",),
        "mikko.laine",
        actions=("6.1.4",),
        noise=0.0,
    ),
    I(
        "M39",
        "Valuma-alueille rakennetut kosteikot",
        "kpl",
        UP,
        0,
        "Salon kaupunki, ympäristönsuojelu",
        {2016: 3, 2020: 7, 2025: 14},
        2016,
        ((2030, 25, ""),),
        ("6", "6.2"),
        "johanna.makinen",
        actions=("6.2.2",),
        noise=0.0,
    ),
    I(
        "M40",
        "Erinomaiseksi luokitellut uimarannat",
        "%",
        UP,
        0,
        "Salon kaupunki, terveysvalvonta",
        {2015: 60, 2020: 64, 2025: 70},
        2015,
        ((2030, 80, ""),),
        ("6", "T4"),
        "tiina.aaltonen",
        actions=("6.2.4",),
        noise=0.04,
    ),
)

del I

# ---------------------------------------------------------------------------
# Status update texts
# ---------------------------------------------------------------------------

DONE_STARTED = (
    "Toimenpiteen valmistelu käynnistettiin ja vastuuhenkilöt nimettiin.",
    "Työryhmä kokoontui ensimmäisen kerran ja laati aikataulun.",
    "Lähtötiedot koottiin ja nykytilanne kartoitettiin.",
    "Toimenpiteelle haettiin rahoitusta talousarvioon, ja hakemus hyväksyttiin.",
    "Yhteistyöstä sovittiin muiden yksiköiden kanssa, ja työnjako kirjattiin.",
    "Tarjouspyyntö valmisteltiin ja julkaistiin.",
)

DONE_PROGRESS = (
    "Työ eteni suunnitellusti; noin puolet suunnitelluista osista on valmiina.",
    "Väliraportti valmistui ja esiteltiin toimialan johtoryhmälle.",
    "Ensimmäiset kohteet valmistuivat, ja seuraavat ovat suunnittelussa.",
    "Ohjeistus laadittiin ja jaettiin yksiköille; käyttöönotto on käynnissä.",
    "Pilottikokeilu saatiin päätökseen, ja kokemukset kerättiin palautekyselyllä.",
    "Asiaa käsiteltiin lautakunnassa, ja jatkovalmistelu hyväksyttiin.",
    "Työ eteni hitaammin kuin oli suunniteltu, mutta ensimmäiset tulokset ovat näkyvissä.",
    "Sidosryhmien kanssa järjestettiin työpaja, ja näkemykset kirjattiin jatkotyötä varten.",
    "Toteutusta jatkettiin talousarvion mukaisesti.",
    "Tarvittavat hankinnat tehtiin, ja toteutus alkoi.",
)

DONE_COMPLETED = (
    "Toimenpide on toteutettu, ja tulokset raportoitiin ympäristölautakunnalle.",
    "Työ valmistui aikataulussa, ja vastuu siirtyi osaksi yksikön perustehtäviä.",
    "Kaikki suunnitellut kohteet on toteutettu.",
    "Loppuraportti valmistui ja julkaistiin kaupungin verkkosivuilla.",
    "Toimenpide saatiin valmiiksi; lopputarkastus tehtiin ilman huomautuksia.",
)

DONE_CONTINUOUS = (
    "Toiminta jatkui vakiintuneena osana yksikön perustyötä.",
    "Toimintaa jatkettiin suunnitelman mukaisesti; osallistujamäärät kasvoivat.",
    "Vuoden tapahtumat ja kampanjat toteutettiin, ja palaute oli myönteistä.",
    "Käytäntö on vakiintunut, ja sitä kehitetään saadun palautteen perusteella.",
)

DONE_NOT_STARTED = (
    "Toimenpidettä ei ole voitu käynnistää.",
    "Valmistelua ei ole vielä aloitettu muiden kiireellisempien tehtävien vuoksi.",
    "Toimenpiteen käynnistäminen odottaa resursseja.",
)

DONE_POSTPONED = (
    "Toimenpiteen toteutus siirrettiin myöhemmäksi.",
    "Toteutus keskeytettiin toistaiseksi.",
    "Toimenpiteen aikataulua siirrettiin; syy on kirjattu pullonkauloihin.",
)

NEXT_POSTPONED = (
    "Arvioidaan aikataulu uudelleen seuraavassa talousarviovalmistelussa.",
    "Jatketaan, kun päätös on tehty.",
    "Selvitetään vaihtoehtoinen toteutustapa.",
)

DONE_CANCELLED = (
    "Toimenpiteestä luovuttiin, koska sama tavoite saavutetaan valtakunnallisella ratkaisulla.",
    "Toimenpide peruttiin kustannusten noustua selvästi arvioitua suuremmiksi.",
    "Toimenpiteestä luovuttiin selvityksen perusteella; tavoitetta edistetään toisin keinoin.",
)

NEXT_STEPS = (
    "Viedään ehdotus lautakunnan käsittelyyn seuraavassa kokouksessa.",
    "Valmistellaan tarvittavat hankinnat.",
    "Laaditaan toteutussuunnitelma ja aikataulu yhdessä yksiköiden kanssa.",
    "Seurataan vaikutuksia ja raportoidaan vuoden lopussa.",
    "Laajennetaan toteutusta seuraaviin kohteisiin.",
    "Haetaan ulkopuolista rahoitusta ja valmistellaan hakemus.",
    "Järjestetään työpaja henkilöstölle ja kootaan palaute.",
    "Viimeistellään luonnos ja esitellään johtoryhmälle.",
    "Sovitaan vastuista ja aikataulusta yhteistyöyksiköiden kanssa.",
)

NEXT_AFTER_COMPLETED = (
    "Vaikutuksia seurataan osana ohjelman vuosiraportointia.",
    "Ei jatkotoimia; ylläpito kuuluu yksikön perustyöhön.",
    "",
)

NEXT_CONTINUOUS = (
    "Jatketaan toimintaa ja raportoidaan vuoden lopussa.",
    "Suunnitellaan ensi vuoden toteutus ja budjetti.",
    "Kehitetään toimintaa palautteen perusteella.",
)

BOTTLENECKS = {
    "resources": (
        "Vastuuhenkilö on ollut pitkään poissa, eikä sijaista ole saatu.",
        "Yksikön henkilöstö ei riitä toimenpiteen toteuttamiseen muun työn ohella.",
    ),
    "funding": (
        "Investointiin ei ole varattu määrärahaa talousarviossa.",
        "Haettu ulkopuolinen rahoitus ei toteutunut.",
    ),
    "pending_decision": (
        "Odottaa kaupunginhallituksen päätöstä hankkeen jatkosta.",
        "Lautakunta palautti asian uudelleen valmisteltavaksi.",
    ),
    "dependency": (
        "Edellyttää, että yleiskaavan päivitys valmistuu ensin.",
        "Odottaa kiinteistöjen korjausohjelman päivitystä.",
    ),
    "other": (
        "Urakoitsija keskeytti työt, ja uusi kilpailutus on tarpeen.",
        "Valitus hankintapäätöksestä on markkinaoikeuden käsiteltävänä.",
    ),
}

INTERNAL_NOTES = (
    "Keskusteltu toimialan johtoryhmässä; ratkaisua haetaan budjettivalmistelussa.",
    "Huom. talousarvioesitys on valmisteilla eikä vielä julkinen.",
    "Yhteyshenkilö vaihtuu ensi vuonna, perehdytys sovittu.",
    "Kustannusarvio tarkentuu tarjousten jälkeen.",
)


class EstimateText(NamedTuple):
    """An action's impact estimate on one sector component of the area's emissions."""

    action: str
    sector: str
    """The identifier of the sector indicator (a component of M01)."""
    reduction: float
    """kt CO2e a year when fully in effect."""
    low: float
    high: float
    start_year: int
    full_effect_year: int
    method: str
    estimated_by: str = "johanna.makinen"


E = EstimateText

# Impact estimates of about 20 actions of Hiilineutraalius 2035, on heating, electricity,
# road transport and agriculture. They cover part of the gap to the 2035 target, not all.
IMPACT_ESTIMATES = (
    # -- heating --------------------------------------------------------------------
    E("2.1.1", "M03", 1.2, 1.0, 1.4, 2022, 2027,
      "465 m³ lämmitysöljyä (2022) × 2,67 t CO2/m³; tilalle maalämpö tai kaukolämpö."),
    E("2.3.2", "M03", 8.0, 4.0, 12.0, 2023, 2032,
      "Noin 2 000 öljylämmitteistä pientaloa, joista puolet vaihtaa lämmitystapaa tuella."),
    E("2.3.1", "M03", 0.8, 0.3, 1.5, 2021, 2030,
      "Energianeuvonnan vaikutus Motivan neuvontahankkeiden keskimääräisellä säästöllä."),
    E("2.2.4", "M05", 15.0, 10.0, 19.0, 2023, 2029,
      "Kaukolämpöyhtiön investoinnit: turve ja öljy korvataan biomassalla ja lämpöpumpuilla."),
    E("2.1.2", "M05", 0.8, 0.5, 1.2, 2023, 2028,
      "Kiinteistöjen energiatehokkuusohjelman säästötavoite 10 % lämmönkulutuksesta."),
    E("2.1.4", "M05", 0.3, 0.2, 0.5, 2025, 2027,
      "Tarpeenmukainen ilmanvaihto kouluissa; säästö 15–25 % ilmanvaihdon lämmöstä."),
    E("2.3.5", "M05", 1.5, 0.5, 3.0, 2024, 2030,
      "Taloyhtiöiden korjausneuvonta; vaikutus riippuu toteutuvista korjauksista.",
      "satu.laaksonen"),
    # -- electricity ----------------------------------------------------------------
    E("2.2.3", "M41", 2.5, 1.5, 3.0, 2023, 2025,
      "Tuulivoimasähkön hankinta kaupungin sopimuksiin, 18 GWh/v Suomen päästökertoimella."),
    E("2.2.2", "M41", 0.4, 0.3, 0.6, 2024, 2027,
      "Aurinkovoimalat kymmenelle katolle, yhteensä noin 1,5 MWp."),
    E("2.1.5", "M41", 0.6, 0.4, 0.8, 2022, 2026,
      "LED-valaisimet puolittavat katuvalaistuksen sähkönkulutuksen (noin 4 GWh/v)."),
    E("2.1.3", "M41", 0.3, 0.1, 0.6, 2025, 2027,
      "Reaaliaikaisen kulutusseurannan tyypillinen säästö 3–5 % sähköstä."),
    E("2.3.4", "M04", 1.0, 0.3, 2.0, 2024, 2030,
      "Nopeampi lupakäsittely lisää maalämpöä sähkölämmitteisissä pientaloissa."),
    # -- road transport -------------------------------------------------------------
    E("3.2.2", "M02", 0.8, 0.3, 1.5, 2024, 2026,
      "Pyörätieyhteys Halikkoon: 5 % keskustan ja Halikon välisistä automatkoista pyörälle.",
      "petri.rantanen"),
    E("3.2.1", "M02", 1.5, 0.5, 3.0, 2025, 2030,
      "Kävelyn ja pyöräilyn kulkutapaosuus kasvaa 3 prosenttiyksikköä; laaja vaihteluväli.",
      "petri.rantanen"),
    E("3.3.1", "M02", 1.2, 0.5, 2.0, 2025, 2028,
      "Joukkoliikenteen matkustajamäärä kasvaa 30 % nykyisestä.", "petri.rantanen"),
    E("3.3.2", "M02", 2.0, 1.5, 2.5, 2027, 2029,
      "Biokaasubussit kaupunkiliikenteessä: 20 bussia × noin 100 t CO2e/v.", "petri.rantanen"),
    E("3.3.4", "M02", 4.0, 2.0, 8.0, 2024, 2032,
      "Latausverkko nopeuttaa sähköautojen yleistymistä; vaikutus on hyvin epävarma.",
      "petri.rantanen"),
    E("3.3.5", "M02", 1.5, 0.5, 3.0, 2026, 2030,
      "Biokaasun tankkausasema: kaasuautojen ja -kuorma-autojen määrä kasvaa.", "petri.rantanen"),
    E("3.1.1", "M02", 2.0, 0.5, 4.0, 2022, 2035,
      "Eheä yhdyskuntarakenne lyhentää automatkoja; arvio yleiskaavan selvityksestä.",
      "petri.rantanen"),
    # -- agriculture ----------------------------------------------------------------
    E("3.3.5", "M06", 2.0, 0.5, 4.0, 2026, 2030,
      "Lannan käsittely biokaasulaitoksessa vähentää metaani- ja dityppioksidipäästöjä.",
      "satu.laaksonen"),
    E("4.2.1", "M06", 0.3, 0.1, 0.6, 2023, 2026,
      "Kasvisruoan osuus kouluissa kasvaa; karkea arvio, vaikutus alueella epävarma.",
      "satu.laaksonen"),
    E("4.2.6", "M06", 0.2, 0.0, 0.5, 2026, 2030,
      "Lähiruoan pienhankinnat tukevat paikallista kasvisviljelyä.", "satu.laaksonen"),
)  # fmt: skip
