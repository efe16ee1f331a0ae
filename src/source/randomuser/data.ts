// Word lists of the built-in randomuser server: per-nationality names and places, and the shared lists of the API
// (timezones, titles, username words, common passwords). Written by hand instead of taken from a fake-data library:
// a library upgrade would silently change what a seed produces, and plain arrays keep generation fast.
// The lists carry the edge cases of the real API on purpose (notes §5): non-ASCII and Persian-script names,
// apostrophes (V'yacheslav, Van 't Hof, Val-D'Oise), multi-word surnames, dotted first names (H.-Dieter, Hans-J.),
// street names with a trailing space (BR, RS) and an empty UA street name.
import type { Nat } from './types.ts'

export interface NatWords {
  male: readonly string[]
  female: readonly string[]
  last: readonly string[]
  cities: readonly string[]
  states: readonly string[]
  streets: readonly string[]
}

const split = (text: string): readonly string[] => text.split('|')

export const NAT_WORDS: Readonly<Record<Nat, NatWords>> = {
  AU: {
    male: split(
      'Jack|Oliver|William|Noah|Lucas|Thomas|James|Ethan|Liam|Harrison|Cooper|Riley|Mitchell|Lewis|Dylan|Jesse|Brandon|Kyle|Wade|Darren'
    ),
    female: split(
      'Charlotte|Olivia|Mia|Ava|Chloe|Isla|Ruby|Sienna|Zoe|Matilda|Leah|Alicia|Sonia|Kaylee|Courtney|Jessica|Tracey|Deborah|Aubree|Kristin'
    ),
    last: split(
      'Smith|Jones|Williams|Brown|Wilson|Taylor|Johnson|White|Martin|Anderson|Thompson|Nguyen|Thomas|Walker|Harris|Lee|Ryan|Robinson|Kelly|King|Hoffman|Carroll|Reid|Hughes'
    ),
    cities: split(
      'Sydney|Melbourne|Brisbane|Perth|Adelaide|Hobart|Darwin|Canberra|Geelong|Townsville|Cairns|Toowoomba|Ballarat|Bendigo|Albury|Launceston|Mackay|Rockhampton|Bunbury|Warragul|Wagga Wagga|Orange'
    ),
    states: split(
      'New South Wales|Victoria|Queensland|Western Australia|South Australia|Tasmania|Australian Capital Territory|Northern Territory'
    ),
    streets: split(
      'George St|Bruce St|Victoria Road|Queen St|Park Road|Church St|High St|Railway Parade|Kings Road|Mill Road|Station Road|Hunter St|Elgin St|Oak Lawn Ave|Dame St|Mcclellan Rd'
    )
  },
  BR: {
    male: split(
      'João|Pedro|Lucas|Gabriel|Matheus|Rafael|Guilherme|Felipe|Gustavo|Thiago|Caio|Vicente|Otaviano|Jorge|Sílvio|Ênio|Ítalo|Élson|Teodoro|Zacarias'
    ),
    female: split(
      'Ana|Maria|Juliana|Fernanda|Beatriz|Larissa|Letícia|Camila|Aline|Bárbara|Luíza|Cecília|Valéria|Natália|Flávia|Aurora|Gislaine|Jaciara|Yasmin|Noémia'
    ),
    last: split(
      'Da Silva|Santos|Oliveira|Souza|Lima|Pereira|Costa|Rodrigues|Almeida|Nascimento|Araújo|Ribeiro|Carvalho|Gomes|Martins|Rocha|Barbosa|Moreira|Cardoso|Teixeira|Da Rocha|Da Mota|Nogueira|Duarte'
    ),
    cities: split(
      'São Paulo|Rio de Janeiro|Belo Horizonte|Salvador|Fortaleza|Curitiba|Manaus|Recife|Belém|Porto Alegre|Goiânia|Guarulhos|Campinas|São Luís|Maceió|Natal|Teresina|Florianópolis|Cuiabá|Macapá|Jundiaí|Petrópolis'
    ),
    states: split(
      'São Paulo|Rio de Janeiro|Minas Gerais|Bahia|Ceará|Paraná|Amazonas|Pernambuco|Pará|Rio Grande do Sul|Goiás|Maranhão|Alagoas|Rio Grande do Norte|Piauí|Santa Catarina|Mato Grosso|Amapá|Espírito Santo|Paraíba|Tocantins|Sergipe'
    ),
    streets: split(
      'Rua Dois |Rua São Jorge |Rua Quinze de Novembro|Rua Sete de Setembro|Avenida Brasil|Rua da Paz |Rua Santa Luzia|Rua Castro Alves|Rua Tiradentes|Rua Rui Barbosa|Rua Bela Vista |Avenida Vinícius de Moraes|Rua Treze de Maio|Rua Carlos Gomes|Rua Boa Vista|Rua Primeiro de Maio'
    )
  },
  CA: {
    male: split(
      'Liam|Noah|William|Benjamin|Logan|Nathan|Félix|Alexandre|Olivier|Zachary|Jacob|Étienne|Mathis|Owen|Connor|Jean-François|Xavier|Samuel|Gabriel|Hunter'
    ),
    female: split(
      'Emma|Olivia|Charlotte|Chloé|Léa|Florence|Zoé|Juliette|Alice|Maëlle|Marie-Claude|Sophie|Jade|Rosalie|Ella|Hannah|Madison|Abigail|Élodie|Émilie'
    ),
    last: split(
      'Tremblay|Gagnon|Roy|Côté|Bouchard|Gauthier|Morin|Lavoie|Fortin|Gagné|Ouellet|Pelletier|Bélanger|Lévesque|Bergeron|Leblanc|Smith|Brown|Wilson|Martin|MacDonald|Campbell|Singh|Li'
    ),
    cities: split(
      "Toronto|Montreal|Vancouver|Calgary|Edmonton|Ottawa|Winnipeg|Québec|Hamilton|Kitchener|London|Victoria|Halifax|Oshawa|Windsor|Saskatoon|Regina|St. John's|Kelowna|Sherbrooke|Trois-Rivières|Lévis"
    ),
    states: split(
      'Ontario|Québec|British Columbia|Alberta|Manitoba|Saskatchewan|Nova Scotia|New Brunswick|Newfoundland and Labrador|Prince Edward Island|Yukon|Northwest Territories|Nunavut'
    ),
    streets: split(
      'King St|Queen St|Maple Ave|Dundas Rd|Regent Ave|Parliament St|Balmoral St|Brock Rd|Duke St|Pine Rd|Rue Principale|Rue Saint-Laurent|Victoria Ave|Lake of Bays Road|Concession Road 6|Grand Marais Ave'
    )
  },
  CH: {
    male: split(
      'Luca|Noah|Leon|Elias|Gabriel|Julien|Mathéo|Lukas|Nicolas|Yannick|Reto|Beat|Urs|Marcel|Sébastien|Thierry|Rémi|Jérôme|Kilian|Cédric'
    ),
    female: split(
      'Mia|Emma|Léa|Lina|Sofia|Chloé|Anouk|Céline|Nadine|Monique|Ursula|Béatrice|Corinne|Andrea|Mélissa|Zoé|Léonie|Elodie|Jasmin|Noémie'
    ),
    last: split(
      'Müller|Meier|Schmid|Keller|Weber|Huber|Schneider|Meyer|Steiner|Fischer|Gerber|Brunner|Baumann|Frei|Zimmermann|Moser|Favre|Rochat|Perret|Bonvin|Girard|Dubois|Roux|Mercier'
    ),
    cities: split(
      'Zürich|Genève|Basel|Lausanne|Bern|Winterthur|Luzern|St. Gallen|Lugano|Biel|Thun|Köniz|La Chaux-de-Fonds|Fribourg|Schaffhausen|Chur|Vernier|Neuchâtel|Uster|Sion|Yverdon-les-Bains|Montreux'
    ),
    states: split(
      'Zürich|Bern|Luzern|Uri|Schwyz|Obwalden|Nidwalden|Glarus|Zug|Fribourg|Solothurn|Basel-Stadt|Basel-Landschaft|Schaffhausen|Appenzell Ausserrhoden|St. Gallen|Graubünden|Aargau|Thurgau|Ticino|Vaud|Valais|Neuchâtel|Genève|Jura'
    ),
    streets: split(
      "Rue de L'Abbaye|Rue des Cèdres|Avenue de la Gare|Rue du Bât-D'Argent|Bahnhofstrasse|Dorfstrasse|Kirchweg|Schulstrasse|Rue de la Mairie|Place de L'Église|Rue Paul-Duvivier|Rue Dugas-Montbel|Montée Saint-Sébastien|Rue Abel-Hovelacque|Rue de L'Église|Avenue du Château"
    )
  },
  DE: {
    male: split(
      'Hans-J.|H.-Dieter|Hans D.|Jürgen|Klaus-Dieter|Günter|Uwe|Jörg|Maximilian|Lukas|Finn|Jonas|Björn|Sören|Torsten|Ralf|Heinz-Werner|Karl-Heinz|Dieter|Matthias'
    ),
    female: split(
      'Ursula|Gisela|Brigitte|Jutta|Anneliese|Hannelore|Jana|Lea|Mia|Sophie|Lena|Käthe|Jördis|Uta|Heike|Sabine|Marie-Luise|Gertrud|Annegret|Michaela'
    ),
    last: split(
      'Alber|Müller|Schmidt|Schneider|Fischer|Weber|Meyer|Wagner|Becker|Schulz|Hoffmann|Schäfer|Koch|Bauer|Richter|Klein|Wolf|Schröder|Neumann|Schwarz|Özdemir|Öztürk|Krüger|Vollmer'
    ),
    cities: split(
      'Berlin|Hamburg|München|Köln|Frankfurt am Main|Stuttgart|Düsseldorf|Leipzig|Dortmund|Essen|Bremen|Dresden|Hannover|Nürnberg|Duisburg|Bochum|Wuppertal|Bielefeld|Bonn|Münster|Mönchengladbach|Görlitz'
    ),
    states: split(
      'Baden-Württemberg|Bayern|Berlin|Brandenburg|Bremen|Hamburg|Hessen|Mecklenburg-Vorpommern|Niedersachsen|Nordrhein-Westfalen|Rheinland-Pfalz|Saarland|Sachsen|Sachsen-Anhalt|Schleswig-Holstein|Thüringen'
    ),
    streets: split(
      'Schulstraße|Hauptstraße|Gartenstraße|Bahnhofstraße|Dorfstraße|Bergstraße|Birkenweg|Lindenstraße|Kirchstraße|Waldstraße|Ringstraße|Schillerstraße|Goethestraße|Am Bahnhof|Mühlenweg|Tannenweg'
    )
  },
  DK: {
    male: split(
      'Mads|Rasmus|Mikkel|Frederik|Oliver|William|Søren|Jørgen|Bjørn|Anders|Kasper|Emil|Magnus|Villads|Asger|Ejnar|Kristoffer|Malthe|Jens|Niels'
    ),
    female: split(
      'Sofie|Ida|Freja|Emma|Anna|Laura|Mathilde|Signe|Maja|Astrid|Karoline|Ellen|Ronja|Sørine|Malou|Vigga|Birthe|Lærke|Nanna|Trine'
    ),
    last: split(
      'Jensen|Nielsen|Hansen|Pedersen|Andersen|Christensen|Larsen|Sørensen|Rasmussen|Jørgensen|Petersen|Madsen|Kristensen|Olsen|Thomsen|Christiansen|Poulsen|Johansen|Møller|Mortensen|Kjær|Nørgaard|Løkke|Bæk'
    ),
    cities: split(
      'København|Aarhus|Odense|Aalborg|Esbjerg|Randers|Kolding|Horsens|Vejle|Roskilde|Herning|Hørsholm|Helsingør|Silkeborg|Næstved|Fredericia|Viborg|Køge|Holstebro|Taastrup|Slagelse|Hillerød'
    ),
    states: split('Hovedstaden|Midtjylland|Nordjylland|Sjælland|Syddanmark'),
    streets: split(
      'Søndergade|Vestergade|Østergade|Nørregade|Kirkevej|Skolevej|Møllevej|Bøgevej|Ahornvej|Egevej|Kærvej|Enghavevej|Strandvejen|Stationsvej|Grønnegade|Åboulevarden'
    )
  },
  ES: {
    male: split(
      'Alejandro|Daniel|Pablo|Hugo|Álvaro|Adrián|David|Javier|Diego|Mario|Sergio|Iván|Rubén|Ángel|Jesús|Óscar|Raúl|Joaquín|Nicolás|Íñigo'
    ),
    female: split(
      'Lucía|María|Paula|Laura|Marta|Andrea|Sara|Carmen|Alba|Noelia|Inés|Aurora|Nerea|Sofía|Verónica|Mónica|Raquel|Rocío|Ángela|Begoña'
    ),
    last: split(
      'García|Fernández|González|Rodríguez|López|Martínez|Sánchez|Pérez|Gómez|Martín|Jiménez|Ruiz|Hernández|Díaz|Moreno|Muñoz|Álvarez|Romero|Alonso|Gutiérrez|Navarro|Torres|Domínguez|Vázquez'
    ),
    cities: split(
      'Madrid|Barcelona|Valencia|Sevilla|Zaragoza|Málaga|Murcia|Palma de Mallorca|Las Palmas de Gran Canaria|Bilbao|Alicante|Córdoba|Valladolid|Vigo|Gijón|Hospitalet de Llobregat|Vitoria|A Coruña|Granada|Elche|Móstoles|Almería'
    ),
    states: split(
      'Andalucía|Aragón|Asturias|Islas Baleares|Canarias|Cantabria|Castilla y León|Castilla-La Mancha|Cataluña|Comunidad Valenciana|Extremadura|Galicia|Comunidad de Madrid|Región de Murcia|Navarra|País Vasco|La Rioja|Ceuta|Melilla'
    ),
    streets: split(
      'Calle Mayor|Calle de Alcalá|Avenida de América|Calle de Atocha|Paseo de Extremadura|Calle de Toledo|Calle de la Luna|Calle del Barquillo|Avenida de Salamanca|Calle de Bravo Murillo|Calle de Segovia|Calle de Ferraz|Calle de Argumosa|Calle del Pez|Ronda de Toledo|Calle de la Democracia'
    )
  },
  FI: {
    male: split(
      'Juhani|Mikael|Johannes|Olavi|Onni|Elias|Väinö|Eetu|Aleksi|Lauri|Jere|Niko|Tuomas|Veeti|Otto|Eino|Jyrki|Pekka|Topias|Åke'
    ),
    female: split(
      'Aino|Eevi|Helmi|Venla|Sofia|Ella|Linnea|Iida|Pihla|Siiri|Aada|Veera|Kerttu|Minea|Jenna|Sanni|Pinja|Tiia|Nelli|Elli'
    ),
    last: split(
      'Korhonen|Virtanen|Mäkinen|Nieminen|Mäkelä|Hämäläinen|Laine|Heikkinen|Koskinen|Järvinen|Lehtonen|Lehtinen|Saarinen|Salminen|Heinonen|Niemi|Heikkilä|Kinnunen|Salonen|Turunen|Salo|Laitinen|Tuominen|Rantanen'
    ),
    cities: split(
      'Helsinki|Espoo|Tampere|Vantaa|Oulu|Turku|Jyväskylä|Lahti|Kuopio|Pori|Kouvola|Joensuu|Lappeenranta|Hämeenlinna|Vaasa|Seinäjoki|Rovaniemi|Mikkeli|Kotka|Salo|Porvoo|Kärsämäki'
    ),
    states: split(
      'Uusimaa|Varsinais-Suomi|Satakunta|Kanta-Häme|Pirkanma|Päijät-Häme|Kymenlaakso|Etelä-Karjala|Etelä-Savo|Pohjois-Savo|Pohjois-Karjala|Keski-Suomi|Etelä-Pohjanmaa|Pohjanmaa|Keski-Pohjanmaa|Pohjois-Pohjanmaa|Kainuu|Lappi|Ahvenanmaa'
    ),
    streets: split(
      'Hämeenkatu|Aleksanterinkatu|Mannerheimintie|Pispalan Valtatie|Hatanpään Valtatie|Nordenskiöldinkatu|Tehtaankatu|Verkatehtaankatu|Rautatienkatu|Esplanadi|Pyynikintie|Satakunnankatu|Hämeentie|Otavalankatu|Mechelininkatu|Siilitie'
    )
  },
  FR: {
    male: split(
      'Lucas|Hugo|Louis|Jules|Gabriel|Arthur|Nathan|Raphaël|Théo|Mathis|Noé|Clément|Maxime|Antoine|Baptiste|Jean-Luc|Jérémy|Kylian|Loïc|Éric'
    ),
    female: split(
      'Emma|Léa|Chloé|Manon|Camille|Inès|Jade|Louise|Zoé|Lola|Océane|Clémence|Maëlle|Noémie|Mélissa|Anaïs|Justine|Marie-Claude|Élise|Gaëlle'
    ),
    last: split(
      'Martin|Bernard|Dubois|Thomas|Robert|Richard|Petit|Durand|Leroy|Moreau|Simon|Laurent|Lefebvre|Michel|Garcia|David|Bertrand|Roux|Vincent|Fournier|Lemaire|Fontaine|Chevalier|Lefèvre'
    ),
    cities: split(
      'Paris|Marseille|Lyon|Toulouse|Nice|Nantes|Strasbourg|Montpellier|Bordeaux|Lille|Rennes|Reims|Le Havre|Saint-Étienne|Toulon|Grenoble|Dijon|Angers|Nîmes|Villeurbanne|Clermont-Ferrand|Aix-en-Provence'
    ),
    states: split(
      "Val-D'Oise|Côte-D'Or|Côtes-D'Armor|Haute-Garonne|Gironde|Hérault|Bouches-du-Rhône|Rhône|Nord|Pas-de-Calais|Isère|Loire-Atlantique|Bas-Rhin|Seine-Saint-Denis|Finistère|Ardèche|Vendée|Meurthe-et-Moselle|Pyrénées-Atlantiques|Loiret|Essonne|Yvelines"
    ),
    streets: split(
      "Rue de L'Abbaye|Rue Dumenge|Rue de la Baleine|Rue Pierre-Delore|Place de L'Abbé-Franz-Stock|Rue du Dauphiné|Avenue Vauban|Rue de L'Église|Rue Duquesne|Quai Chauveau|Rue Louis-Blanqui|Place du 8 Novembre 1942|Rue de la Mairie|Avenue des Ternes|Rue du Bât-D'Argent|Rue de Gerland"
    )
  },
  GB: {
    male: split(
      'Oliver|George|Harry|Jack|Jacob|Charlie|Thomas|Oscar|William|James|Leon|Callum|Kieran|Rhys|Dylan|Alfie|Owen|Ewan|Hamish|Gareth'
    ),
    female: split(
      'Olivia|Amelia|Isla|Ava|Emily|Sophie|Grace|Lily|Freya|Ella|Isabelle|Jessica|Chloe|Poppy|Megan|Eleanor|Niamh|Rhiannon|Siobhan|Kirsty'
    ),
    last: split(
      "Smith|Jones|Williams|Taylor|Brown|Davies|Evans|Wilson|Thomas|Johnson|Roberts|Robinson|Thompson|Wright|Walker|White|Edwards|Hughes|Green|Hall|Lewis|O'Connor|Mcdonald|Lloyd"
    ),
    cities: split(
      'London|Birmingham|Manchester|Leeds|Liverpool|Newcastle upon Tyne|Sheffield|Bristol|Leicester|Edinburgh|Glasgow|Cardiff|Coventry|Bradford|Nottingham|Kingston upon Hull|Stoke-on-Trent|Wolverhampton|Plymouth|Southampton|St Albans|Brighton and Hove'
    ),
    states: split(
      'Greater London|West Midlands|Greater Manchester|West Yorkshire|Merseyside|Tyne and Wear|South Yorkshire|Avon|Leicestershire|Lothian|Strathclyde|South Glamorgan|Nottinghamshire|Devon|Hampshire|East Sussex|Kent|Essex|Cheshire|Norfolk|Cumbria|Gwynedd County'
    ),
    streets: split(
      'High Street|Station Road|Main Street|Park Road|Church Road|Church Street|London Road|Victoria Road|Green Lane|Manor Road|Church Lane|Park Avenue|The Green|Albert Road|Queensway|Mill Lane'
    )
  },
  IE: {
    male: split(
      'Jack|James|Noah|Conor|Seán|Daniel|Oisín|Cian|Darragh|Tadhg|Fionn|Ruairí|Eoin|Pádraig|Liam|Michael|Cathal|Donal|Niall|Ciarán'
    ),
    female: split(
      'Emily|Grace|Fiadh|Sophie|Hannah|Amelia|Ava|Ellie|Aoife|Saoirse|Niamh|Caoimhe|Róisín|Siobhán|Clodagh|Orla|Sinéad|Áine|Méabh|Eimear'
    ),
    last: split(
      "Murphy|Kelly|O'Sullivan|Walsh|Smith|O'Brien|Byrne|Ryan|O'Connor|O'Neill|O'Reilly|Doyle|McCarthy|Gallagher|O'Doherty|Kennedy|Lynch|Murray|Quinn|Moore|McLoughlin|Carroll|Connolly|Daly"
    ),
    cities: split(
      'Dublin|Cork|Limerick|Galway|Waterford|Drogheda|Swords|Dundalk|Bray|Navan|Kilkenny|Ennis|Carlow|Tralee|Newbridge|Portlaoise|Balbriggan|Naas|Athlone|Mullingar|Wexford|Sligo'
    ),
    states: split(
      'Dublin|Cork|Galway|Limerick|Waterford|Louth|Meath|Wicklow|Kildare|Kilkenny|Clare|Carlow|Kerry|Laois|Westmeath|Wexford|Sligo|Mayo|Donegal|Tipperary|Offaly|Roscommon|Leitrim|Longford|Monaghan|Cavan'
    ),
    streets: split(
      "Main Street|Church Road|Mill Road|Green Lane|Station Road|Patrick Street|Grafton Street|O'Connell Street|Henry Street|Dame Street|Strand Road|Manor Road|New Street|Bridge Street|Castle Street|Abbey Street"
    )
  },
  IN: {
    male: split(
      'Aarav|Vivaan|Aditya|Vihaan|Arjun|Sai|Reyansh|Krishna|Ishaan|Shaurya|Rohan|Ankit|Rahul|Vikram|Sanjay|Pranav|Siddharth|Harsh|Nikhil|Yash'
    ),
    female: split(
      'Saanvi|Aanya|Aadhya|Aaradhya|Ananya|Pari|Diya|Navya|Myra|Sara|Ishita|Priya|Kavya|Riya|Anika|Shruti|Pooja|Neha|Meera|Lakshmi'
    ),
    last: split(
      'Sharma|Verma|Gupta|Singh|Kumar|Patel|Reddy|Nair|Iyer|Rao|Das|Bose|Chatterjee|Mukherjee|Pillai|Menon|Shetty|Kulkarni|Joshi|Desai|Mehta|Shah|Jain|Kapoor'
    ),
    cities: split(
      'Mumbai|Delhi|Bengaluru|Hyderabad|Ahmedabad|Chennai|Kolkata|Surat|Pune|Jaipur|Lucknow|Kanpur|Nagpur|Indore|Thane|Bhopal|Visakhapatnam|Patna|Vadodara|Ghaziabad|Ludhiana|Agra'
    ),
    states: split(
      'Maharashtra|Delhi|Karnataka|Telangana|Gujarat|Tamil Nadu|West Bengal|Rajasthan|Uttar Pradesh|Madhya Pradesh|Andhra Pradesh|Bihar|Punjab|Kerala|Odisha|Haryana|Assam|Jharkhand|Chhattisgarh|Uttarakhand|Goa|Himachal Pradesh'
    ),
    streets: split(
      'Mahatma Gandhi Road|Station Road|Nehru Road|Park Street|Linking Road|Brigade Road|Church Street|Hill Road|Carter Road|Commercial Street|Chandni Chowk|Residency Road|Lake Road|Shivaji Marg|Tilak Road|Marine Drive'
    )
  },
  IR: {
    male: split(
      'محمد|علی|حسین|امیرعلی|محمدرضا|آرین|پارسا|امیرحسین|مهدی|رضا|سینا|کیان|آرمین|بردیا|یاسین|پوریا|نیما|سامان|فرهاد|کوروش'
    ),
    female: split(
      'مهرسا|فاطمه|زهرا|نازنین زهرا|ستایش|یسنا|حلما|رها|آوا|باران|سارا|نیلوفر|مریم|الینا|پرنیا|هستی|ترانه|سوگند|شیما|آیلین'
    ),
    last: split(
      'کامرانی|محمدی|رضایی|حسینی|احمدی|کریمی|موسوی|جعفری|رحیمی|نوری|صادقی|قاسمی|سلطانی|یزدانی|زارعی|مرادی|اکبری|شریفی|حیدری|طاهری|کاظمی|نجفی|سالاری|پارسا'
    ),
    cities: split(
      'تهران|مشهد|اصفهان|کرج|شیراز|تبریز|قم|اهواز|کرمانشاه|ارومیه|رشت|زاهدان|همدان|کرمان|یزد|اردبیل|بندرعباس|اراک|زنجان|سنندج|قزوین|خرم‌آباد'
    ),
    states: split(
      'تهران|خراسان رضوی|اصفهان|البرز|فارس|آذربایجان شرقی|قم|خوزستان|کرمانشاه|آذربایجان غربی|گیلان|سیستان و بلوچستان|همدان|کرمان|یزد|اردبیل|هرمزگان|مرکزی|زنجان|کردستان|قزوین|لرستان'
    ),
    streets: split(
      'شهید رجایی|آزادی|ولیعصر|انقلاب|کارگر|شریعتی|پاسداران|میرداماد|فاطمی|نواب|دکتر فاطمی|کریمخان زند|جمهوری اسلامی|امام خمینی|میدان انقلاب|شهید بهشتی'
    )
  },
  MX: {
    male: split(
      'José|Luis|Juan|Miguel|Carlos|Jesús|Antonio|Alejandro|Francisco|Pedro|Santiago|Mateo|Sebastián|Emiliano|Leonardo|Ramón|Joaquín|Adán|Martín|Néstor'
    ),
    female: split(
      'María|Guadalupe|Juana|Margarita|Verónica|Leticia|Rosa|Alejandra|Sofía|Valentina|Regina|Camila|Ximena|Itzel|Yolanda|Araceli|Mónica|Beatriz|Zoé|Anabel'
    ),
    last: split(
      'Hernández|García|Martínez|López|González|Pérez|Rodríguez|Sánchez|Ramírez|Cruz|Flores|Gómez|Morales|Vázquez|Reyes|Jiménez|Torres|Díaz|Gutiérrez|Ruiz|Mendoza|Aguilar|Ortiz|Moreno'
    ),
    cities: split(
      'Ciudad de México|Ecatepec|Guadalajara|Puebla|Juárez|Tijuana|León|Zapopan|Monterrey|Nezahualcóyotl|Chihuahua|Naucalpan|Mérida|San Luis Potosí|Aguascalientes|Hermosillo|Saltillo|Mexicali|Culiacán|Querétaro|Morelia|Cancún'
    ),
    states: split(
      'Ciudad de México|Estado de México|Jalisco|Puebla|Chihuahua|Baja California|Guanajuato|Nuevo León|Yucatán|San Luis Potosí|Aguascalientes|Sonora|Coahuila|Sinaloa|Querétaro|Michoacán|Quintana Roo|Oaxaca|Veracruz|Tamaulipas|Chiapas|Zacatecas'
    ),
    streets: split(
      'Calle Hidalgo|Avenida Juárez|Calle Morelos|Avenida Reforma|Calle Zaragoza|Privada Guerrero|Calle Allende|Avenida Insurgentes|Callejón Independencia|Calle 5 de Mayo|Avenida Revolución|Calle Madero|Calle Benito Juárez|Periférico Sur|Calle Aldama|Calzada de Tlalpan'
    )
  },
  NL: {
    male: split(
      'Daan|Sem|Lucas|Levi|Finn|Milan|Bram|Thijs|Jesse|Ruben|Joep|Sjoerd|Gijs|Wouter|Teun|Hidde|Stijn|Joris|Koen|Pieter'
    ),
    female: split(
      'Emma|Julia|Sophie|Tess|Mila|Sara|Zoë|Lotte|Fleur|Noor|Anouk|Femke|Sanne|Ilse|Marloes|Esmée|Roos|Jip|Lieke|Marieke'
    ),
    last: split(
      "De Jong|Jansen|De Vries|Van den Berg|Van Dijk|Bakker|Janssen|Visser|Smit|Meijer|De Boer|Mulder|De Groot|Bos|Vos|Peters|Hendriks|Van Leeuwen|Dekker|Brouwer|Van 't Hof|Van Dinter|Van der Meer|Ter Horst"
    ),
    cities: split(
      "Amsterdam|Rotterdam|Den Haag|Utrecht|Eindhoven|Groningen|Tilburg|Almere|Breda|Nijmegen|Apeldoorn|Haarlem|Arnhem|Enschede|Amersfoort|Zaanstad|'s-Hertogenbosch|Haarlemmermeer|Zwolle|Leiden|Maastricht|Dordrecht"
    ),
    states: split(
      'Noord-Holland|Zuid-Holland|Utrecht|Noord-Brabant|Gelderland|Groningen|Flevoland|Overijssel|Limburg|Friesland|Drenthe|Zeeland'
    ),
    streets: split(
      "Kerkstraat|Schoolstraat|Molenstraat|Dorpsstraat|Julianastraat|Stationsweg|Nieuwstraat|Markt|Beatrixstraat|Wilhelminastraat|Industrieweg|Kastanjelaan|Eikenlaan|Prins Bernhardstraat|Emmastraat|'t Zand"
    )
  },
  NO: {
    male: split(
      'Jakob|Emil|Noah|Oliver|Filip|William|Lucas|Henrik|Aksel|Magnus|Sondre|Håkon|Tormod|Øyvind|Bjørnar|Sigurd|Ørjan|Eirik|Kåre|Ståle'
    ),
    female: split(
      'Nora|Emma|Ella|Maja|Olivia|Emilie|Sofie|Leah|Ingrid|Sigrid|Åse|Solveig|Tuva|Hedda|Mathilde|Ragnhild|Kari|Synnøve|Tiril|Ronja'
    ),
    last: split(
      'Hansen|Johansen|Olsen|Larsen|Andersen|Pedersen|Nilsen|Kristiansen|Jensen|Karlsen|Johnsen|Pettersen|Eriksen|Berg|Haugen|Hagen|Johannessen|Andreassen|Jacobsen|Dahl|Jørgensen|Halvorsen|Sæther|Bråthen'
    ),
    cities: split(
      'Oslo|Bergen|Trondheim|Stavanger|Bærum|Kristiansand|Fredrikstad|Tromsø|Sandnes|Asker|Drammen|Skien|Bodø|Ålesund|Sandefjord|Larvik|Tønsberg|Moss|Haugesund|Arendal|Uskedal|Fosnavåg'
    ),
    states: split(
      'Østfold|Akershus|Oslo|Hedmark|Oppland|Buskerud|Vestfold|Telemark|Aust-Agder|Vest-Agder|Rogaland|Hordaland|Sogn og Fjordane|Møre og Romsdal|Sør-Trøndelag|Nord-Trøndelag|Nordland|Troms|Finnmark'
    ),
    streets: split(
      'Rådyrlia|Storgata|Kirkeveien|Skoleveien|Bjørkeveien|Granveien|Fjellveien|Solbakken|Åsveien|Nedre Slottsgate|Tollbugata|Østre Aker vei|Bakkegata|Sjøgata|Kongens gate|Ragnhild Jølsens vei'
    )
  },
  NZ: {
    male: split(
      'Oliver|Jack|Noah|Leo|George|Charlie|Lucas|Hunter|Mason|Liam|Nikau|Tama|Wiremu|Eli|Riley|Blake|Finn|Hemi|Ari|Cooper'
    ),
    female: split(
      'Isla|Charlotte|Olivia|Amelia|Harper|Mia|Ruby|Willow|Sophie|Aria|Aroha|Mere|Anahera|Kaia|Maia|Ivy|Zoe|Evie|Hana|Madison'
    ),
    last: split(
      'Smith|Wilson|Williams|Brown|Taylor|Jones|Walker|Thompson|Edwards|White|Anderson|Harris|Martin|King|Lee|Robinson|Clarke|Ngata|Parata|Tipene|Te Whata|Hohaia|Wright|Scott'
    ),
    cities: split(
      'Auckland|Wellington|Christchurch|Hamilton|Tauranga|Napier|Dunedin|Palmerston North|Nelson|Rotorua|New Plymouth|Whangarei|Invercargill|Whanganui|Gisborne|Upper Hutt|Lower Hutt|Porirua|Masterton|Timaru|Blenheim|Taupo'
    ),
    states: split(
      "Auckland|Wellington|Canterbury|Waikato|Bay of Plenty|Hawke's Bay|Otago|Manawatu-Wanganui|Nelson|Taranaki|Northland|Southland|Gisborne|Marlborough|Tasman|West Coast"
    ),
    streets: split(
      'George Street|Queen Street|Victoria Avenue|Karangahape Road|Ponsonby Road|Dominion Road|Great North Road|Cuba Street|Lambton Quay|Colombo Street|Riccarton Road|Devon Street|Kororā Street|Te Atatu Road|Ocean Beach Road|Ruahine Street'
    )
  },
  RS: {
    male: split(
      'Luka|Stefan|Nikola|Lazar|Marko|Đorđe|Miloš|Aleksa|Filip|Vuk|Nemanja|Dušan|Bogdan|Mihajlo|Dragoljub|Živko|Ratko|Slobodan|Časlav|Predrag'
    ),
    female: split(
      'Milica|Ana|Jovana|Teodora|Sara|Katarina|Anđela|Marija|Jelena|Dragana|Ivana|Tijana|Nevena|Mila|Vesna|Ljiljana|Snežana|Gordana|Dušica|Biljana'
    ),
    last: split(
      'Jovanović|Petrović|Nikolić|Marković|Đorđević|Stojanović|Ilić|Stanković|Pavlović|Milošević|Popović|Đukić|Kostić|Lukić|Živković|Savić|Mitrović|Todorović|Vasić|Radovanović|Janković|Tomić|Kovačević|Čolić'
    ),
    cities: split(
      'Beograd|Novi Sad|Niš|Kragujevac|Subotica|Zrenjanin|Pančevo|Čačak|Kraljevo|Novi Pazar|Smederevo|Leskovac|Valjevo|Kruševac|Vranje|Šabac|Užice|Sombor|Požarevac|Pirot|Zaječar|Kikinda'
    ),
    states: split(
      'Beograd|Južnobački|Nišavski|Šumadijski|Severnobački|Srednjebanatski|Južnobanatski|Moravički|Raški|Podunavski|Jablanički|Kolubarski|Rasinski|Pčinjski|Mačvanski|Zlatiborski|Zapadnobački|Braničevski|Pirotski|Zaječarski|Severnobanatski|Toplički'
    ),
    streets: split(
      'Kralja Petra |Knez Mihailova |Bulevar Oslobođenja|Njegoševa |Karađorđeva|Cara Dušana |Vojvode Mišića|Nemanjina|Takovska |Svetog Save|Kneginje Ljubice|Gavrila Principa |Žička|Bulevar Kralja Aleksandra|Jug Bogdanova |Ćirila i Metodija'
    )
  },
  TR: {
    male: split(
      'Mehmet|Mustafa|Ahmet|Ali|Hüseyin|Hasan|İbrahim|İsmail|Osman|Yusuf|Murat|Ömer|Ramazan|Halil|Süleyman|Abdullah|Mahmut|Şükrü|Çağan|Doğan'
    ),
    female: split(
      'Fatma|Ayşe|Emine|Hatice|Zeynep|Elif|Meryem|Şerife|Zehra|Sultan|Hanife|Merve|Havva|Zeliha|Esra|Özlem|Gülsüm|Çiğdem|Şebnem|İpek'
    ),
    last: split(
      'Yılmaz|Kaya|Demir|Şahin|Çelik|Yıldız|Yıldırım|Öztürk|Aydın|Özdemir|Arslan|Doğan|Kılıç|Aslan|Çetin|Kara|Koç|Kurt|Özkan|Şimşek|Polat|Erdoğan|Akbulut|Sözeri'
    ),
    cities: split(
      'İstanbul|Ankara|İzmir|Bursa|Antalya|Konya|Adana|Şanlıurfa|Gaziantep|Kocaeli|Mersin|Diyarbakır|Hatay|Manisa|Kayseri|Samsun|Balıkesir|Kahramanmaraş|Van|Aydın|Denizli|Eskişehir'
    ),
    states: split(
      'İstanbul|Ankara|İzmir|Bursa|Antalya|Konya|Adana|Şanlıurfa|Gaziantep|Kocaeli|Mersin|Diyarbakır|Hatay|Manisa|Kayseri|Samsun|Balıkesir|Kahramanmaraş|Van|Aydın|Tekirdağ|Muğla'
    ),
    streets: split(
      'Atatürk Cd|Cumhuriyet Cd|İstiklal Cd|Bağdat Cd|Necatibey Cd|Fatih Sultan Mehmet Cd|Kushimoto Sk|Abanoz Sk|Doktorlar Cd|Talak Göktepe Cd|Bağdat Sk|Kuşdili Cd|Filistin Cd|Vatan Cd|Mevlana Cd|Atatürk Sk'
    )
  },
  UA: {
    male: split(
      "V'yacheslav|Oleksandr|Andriy|Dmitro|Serhiy|Mikola|Volodimir|Yuriy|Bogdan|Taras|Ostap|Yaroslav|Vasil'|Petro|Zinoviy|Svyatoslav|Lyubomir|Ruslan|Igor|Illya"
    ),
    female: split(
      "Olena|Nataliya|Tetyana|Oksana|Iryna|Svitlana|Yuliya|Lyudmila|Zoryana|Mar'yana|Khrystyna|Solomiya|Dar'ya|Nadiya|Lesya|Yaroslava|Bogdana|Stefaniya|Zlata|Uliana"
    ),
    last: split(
      "Kiva|Shevchenko|Kovalenko|Bondarenko|Tkachenko|Kravchenko|Oliynik|Shevchuk|Polishchuk|Lisenko|Rudenko|Savchenko|Petrenko|Mel'nik|Moroz|Marchenko|Boyko|Koval'|Vlasenko|Klimenko|Pivovar|Sirota|Gnatyuk|Zakharchuk"
    ),
    cities: split(
      "Kiyiv|Harkiv|Odesa|Dnipro|Doneck|Zaporizhzhya|L'viv|Kriviy Rig|Mikolayiv|Mariupol'|Vinnicya|Herson|Poltava|Chernigiv|Cherkasi|Sumi|Zhitomir|Hmel'nickiy|Rivne|Ivano-Frankivs'k|Ternopil'|Luc'k"
    ),
    states: split(
      "Kiyivs'ka|Harkivs'ka|Odes'ka|Dnipropetrovs'ka|Donec'ka|Zaporiz'ka|L'vivs'ka|Mikolayivs'ka|Vinnic'ka|Hersons'ka|Poltavs'ka|Chernigivs'ka|Cherkas'ka|Sums'ka|Zhitomirs'ka|Hmel'nic'ka|Rivnens'ka|Ivano-Frankivs'ka|Ternopil's'ka|Volins'ka|Zakarpats'ka|Kirovograds'ka"
    ),
    streets: split(
      "Shevchenka|Lisova|Sadova||Molodizhna|Shkil'na|Zarichna|Centralna|Lugova|Naberezhna|Gagarina|Mira|Ivana Franka|Volodimirs'ka|Kil'ceva|Zelena"
    )
  },
  US: {
    male: split(
      'Joe|James|John|Robert|Michael|William|David|Richard|Joseph|Thomas|Charles|Christopher|Daniel|Matthew|Anthony|Mark|Donald|Steven|Jesse|Clinton'
    ),
    female: split(
      'Mary|Patricia|Jennifer|Linda|Elizabeth|Barbara|Susan|Jessica|Sarah|Karen|Nancy|Lisa|Betty|Margaret|Sandra|Ashley|Kimberly|Emily|Donna|Michelle'
    ),
    last: split(
      'Cox|Smith|Johnson|Williams|Brown|Jones|Garcia|Miller|Davis|Rodriguez|Martinez|Hernandez|Lopez|Gonzalez|Wilson|Anderson|Thomas|Taylor|Moore|Jackson|Martin|Lee|Perez|Thompson'
    ),
    cities: split(
      'Santa Ana|New York|Los Angeles|Chicago|Houston|Phoenix|Philadelphia|San Antonio|San Diego|Dallas|San Jose|Austin|Jacksonville|Fort Worth|Columbus|Charlotte|Indianapolis|Seattle|Denver|Washington|Boston|El Paso'
    ),
    states: split(
      'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|Montana|Nebraska|Nevada|New Hampshire|New Jersey|New Mexico|New York|North Carolina|North Dakota|Ohio|Oklahoma|Oregon|Pennsylvania|Rhode Island|South Carolina|South Dakota|Tennessee|Texas|Utah|Vermont|Virginia|Washington|West Virginia|Wisconsin|Wyoming'
    ),
    streets: split(
      'Mcgowen St|W Dallas St|Oak Lawn Ave|Hamilton Ave|Pecan Acres Ln|Robinson Rd|Spring St|Depaul Dr|Mockingbird Ln|Wheeler Ridge Dr|Valwood Pkwy|Preston Rd|Lovers Ln|Bruce St|Ash Dr|Green Rd'
    )
  }
}

/** LEGO users take their names from the US lists and places from a small fantasy list. */
export const LEGO_WORDS: NatWords = {
  male: NAT_WORDS.US.male,
  female: NAT_WORDS.US.female,
  last: split('Brick|Stud|Plate|Minifig|Baseplate|Technic|Duplo|Tile|Hinge|Axle|Gear|Slope'),
  cities: split('Legoland|Brickville|Stud City|Minifig Harbour|Plate Falls|Duplo Park'),
  states: split('Billund|Baseplate|Technic Valley|Classic Space'),
  streets: split('Brick Lane|Stud Street|Plate Road|Axle Avenue|Gear Way|Hinge Hill')
}

/** The 30 timezones the API produces (the file's 31st line, +12:00, is never used: notes §3.4). */
export const TIMEZONES: readonly { offset: string; description: string }[] = [
  ['-12:00', 'Eniwetok, Kwajalein'],
  ['-11:00', 'Midway Island, Samoa'],
  ['-10:00', 'Hawaii'],
  ['-9:00', 'Alaska'],
  ['-8:00', 'Pacific Time (US & Canada)'],
  ['-7:00', 'Mountain Time (US & Canada)'],
  ['-6:00', 'Central Time (US & Canada), Mexico City'],
  ['-5:00', 'Eastern Time (US & Canada), Bogota, Lima'],
  ['-4:00', 'Atlantic Time (Canada), Caracas, La Paz'],
  ['-3:30', 'Newfoundland'],
  ['-3:00', 'Brazil, Buenos Aires, Georgetown'],
  ['-2:00', 'Mid-Atlantic'],
  ['-1:00', 'Azores, Cape Verde Islands'],
  ['0:00', 'Western Europe Time, London, Lisbon, Casablanca'],
  ['+1:00', 'Brussels, Copenhagen, Madrid, Paris'],
  ['+2:00', 'Kaliningrad, South Africa'],
  ['+3:00', 'Baghdad, Riyadh, Moscow, St. Petersburg'],
  ['+3:30', 'Tehran'],
  ['+4:00', 'Abu Dhabi, Muscat, Baku, Tbilisi'],
  ['+4:30', 'Kabul'],
  ['+5:00', 'Ekaterinburg, Islamabad, Karachi, Tashkent'],
  ['+5:30', 'Bombay, Calcutta, Madras, New Delhi'],
  ['+5:45', 'Kathmandu'],
  ['+6:00', 'Almaty, Dhaka, Colombo'],
  ['+7:00', 'Bangkok, Hanoi, Jakarta'],
  ['+8:00', 'Beijing, Perth, Singapore, Hong Kong'],
  ['+9:00', 'Tokyo, Seoul, Osaka, Sapporo, Yakutsk'],
  ['+9:30', 'Adelaide, Darwin'],
  ['+10:00', 'Eastern Australia, Guam, Vladivostok'],
  ['+11:00', 'Magadan, Solomon Islands, New Caledonia']
].map(([offset, description]) => ({ offset: offset as string, description: description as string }))

export const FEMALE_TITLES: readonly string[] = ['Miss', 'Mrs', 'Ms']
export const CH_FEMALE_TITLES: readonly string[] = ['Madame', 'Mademoiselle']

/** Username words (notes §3.5). */
export const USER_ADJECTIVES = split(
  'angry|beautiful|big|black|blue|brown|crazy|golden|green|happy|heavy|lazy|orange|organic|purple|red|sad|silver|small|ticklish|tiny|white|yellow'
)
export const USER_ANIMALS = split(
  'bear|bird|butterfly|cat|dog|duck|elephant|fish|frog|goose|gorilla|koala|ladybug|leopard|lion|meercat|mouse|ostrich|panda|peacock|rabbit|snake|swan|tiger|wolf|zebra'
)

/**
 * A sample of the API's default password list (7,547 common passwords). It keeps the odd entries: the empty string,
 * HTML-escaped `&amp;`, asterisks and hyphens.
 */
export const COMMON_PASSWORDS = split(
  'iceman1|newcastl|design|password|123456|12345678|qwerty|abc123|monkey|letmein|dragon|111111|baseball|iloveyou|trustno1|sunshine|master|welcome|shadow|ashley|football|jesus|michael|ninja|mustang|password1|batman|zxcvbnm|hunter|tigger|charlie|robert|thomas|hockey|ranger|daniel|starwars|klaster|112233|george|computer|michelle|jessica|pepper|1111|zxcvbn|555555|11111111|131313|freedom|777777|pass|maggie|159753|aaaaaa|ginger|princess|joshua|cheese|amanda|summer|love|nicole|chelsea|biteme|matthew|access|yankees|987654321|dallas|austin|thunder|taylor|matrix|william|corvette|hello|martin|heather|secret|merlin|diamond|1234qwer|gfhjkm|hammer|silver|222222|88888888|anthony|justin|test|bailey|q1w2e3r4t5|patrick|internet|scooter|orange|11111|golfer|cookie|richard|samantha|bigdog|guitar|jackson|whatever|mickey|chicken|sparky|snoopy|maverick|phoenix|camaro|peanut|morgan|welcome1|falcon|cowboy|ferrari|&amp;|*****|close-up|f**k|'
)
