// Word lists the generator draws from. Converted to bytes once; generation never touches String.

@usableFromInline
func utf8Table(_ list: [String]) -> [[UInt8]] { list.map { Array($0.utf8) } }

/// People's names by culture. `given`/`family` entries are "Display|ascii-slug"; the slug feeds
/// e-mail local parts. `familyFirst` cultures write the family name first; `joiner` separates
/// the two parts (empty for Chinese, Japanese and Korean).
struct Culture {
    var given: [[UInt8]]
    var givenSlug: [[UInt8]]
    var family: [[UInt8]]
    var familySlug: [[UInt8]]
    var familyFirst: Bool
    var joiner: [UInt8]

    init(_ given: [String], _ family: [String], familyFirst: Bool = false, joiner: String = " ") {
        func split(_ l: [String]) -> ([[UInt8]], [[UInt8]]) {
            var a: [[UInt8]] = [], b: [[UInt8]] = []
            for e in l {
                let parts = e.split(separator: "|", maxSplits: 1)
                a.append(Array(parts[0].utf8)); b.append(Array(parts[1].utf8))
            }
            return (a, b)
        }
        (self.given, self.givenSlug) = split(given)
        (self.family, self.familySlug) = split(family)
        self.familyFirst = familyFirst
        self.joiner = Array(joiner.utf8)
    }
}

/// A location triple for a country (all values at least 5 bytes, so they are distinctive).
struct Place { var country: [UInt8]; var code: [UInt8]; var region: [UInt8]; var city: [UInt8]; var continent: [UInt8] }

final class Tables: Sendable {
    static let shared = Tables()

    let cultures: [Culture] = [
        Culture(["Jane|jane", "Oliver|oliver", "Amelia|amelia", "Harry|harry", "Emily|emily", "Jack|jack",
                 "Charlotte|charlotte", "Noah|noah", "Grace|grace", "William|william", "Hannah|hannah"],
                ["Doe|doe", "Whitfield|whitfield", "Harrington|harrington", "Thompson|thompson", "Blackwood|blackwood",
                 "Pennington|pennington", "Ashworth|ashworth", "Carmichael|carmichael", "Fairbanks|fairbanks"]),
        Culture(["Valentina|valentina", "Mateo|mateo", "Lucía|lucia", "Sofía|sofia", "Martín|martin",
                 "Camila|camila", "Alejandro|alejandro", "José Luis|joseluis", "María José|mariajose"],
                ["Duarte Ortuño|duarte", "García López|garcia", "Hernández|hernandez", "Muñoz|munoz",
                 "Pérez Ibáñez|perez", "Castillo|castillo", "Rodríguez|rodriguez", "Zúñiga|zuniga"]),
        Culture(["João|joao", "Ana Luísa|analuisa", "Thiago|thiago", "Beatriz|beatriz", "Gonçalo|goncalo"],
                ["Conceição|conceicao", "Gonçalves|goncalves", "Araújo|araujo", "Magalhães|magalhaes", "Silva Santos|silva"]),
        Culture(["Siobhán|siobhan", "Seán|sean", "Aoife|aoife", "Ciarán|ciaran", "Niamh|niamh", "Pádraig|padraig"],
                ["Ó Briain|obriain", "O'Sullivan|osullivan", "Mac Giolla|macgiolla", "Fitzgerald|fitzgerald", "Ní Bhriain|nibhriain"]),
        Culture(["Søren|soren", "Åsa|asa", "Bjørn|bjorn", "Ingrid|ingrid", "Märta|marta", "Eero|eero"],
                ["Kierkegaard|kierkegaard", "Lindström|lindstrom", "Østergaard|ostergaard", "Johansson|johansson", "Virtanen|virtanen"]),
        Culture(["Jürgen|juergen", "Lena|lena", "Maximilian|max", "Anneliese|anneliese", "Björn|bjoern"],
                ["Müller|mueller", "Schröder|schroeder", "Weiß|weiss", "von Stauffenberg|stauffenberg", "Großmann|grossmann"]),
        Culture(["Zoë|zoe", "François|francois", "Amélie|amelie", "Hélène|helene", "Théo|theo"],
                ["Lefèvre|lefevre", "Dupont|dupont", "Château|chateau", "Bézier|bezier", "Moreau|moreau"]),
        Culture(["Giulia|giulia", "Lorenzo|lorenzo", "Chiara|chiara", "Niccolò|niccolo"],
                ["Bianchi|bianchi", "De Luca|deluca", "Esposito|esposito", "Ricci|ricci"]),
        Culture(["Małgorzata|malgorzata", "Paweł|pawel", "Zofia|zofia", "Łukasz|lukasz"],
                ["Wójcik|wojcik", "Kowalczyk|kowalczyk", "Żuławski|zulawski", "Dąbrowska|dabrowska"]),
        Culture(["Çağla|cagla", "Mehmet|mehmet", "Ayşe|ayse", "Emre|emre"],
                ["Öztürk|ozturk", "Yılmaz|yilmaz", "Şahin|sahin", "Çelik|celik"]),
        Culture(["Дмитрий|dmitry", "Анна|anna", "Сергей|sergey", "Ольга|olga"],
                ["Иванов|ivanov", "Смирнова|smirnova", "Кузнецов|kuznetsov", "Попова|popova"]),
        Culture(["Γιώργος|giorgos", "Ελένη|eleni", "Νίκος|nikos"],
                ["Παπαδόπουλος|papadopoulos", "Οικονόμου|oikonomou", "Γεωργίου|georgiou"]),
        Culture(["Priya|priya", "Arjun|arjun", "Ananya|ananya", "Vikram|vikram", "Lakshmi|lakshmi"],
                ["Venkataraman|venkataraman", "Sharma|sharma", "Iyer|iyer", "Chatterjee|chatterjee", "Reddy|reddy"]),
        Culture(["Chinedu|chinedu", "Ngozi|ngozi", "Oluwaseun|seun", "Adaeze|adaeze"],
                ["Okafor|okafor", "Adeyemi|adeyemi", "Nwachukwu|nwachukwu", "Eze|eze"]),
        Culture(["فاطمة|fatima", "محمد|mohammed", "ليلى|layla"],
                ["الزهراء|alzahraa", "العلي|alali", "حداد|haddad"]),
        Culture(["Thị Hoa|hoa", "Văn Minh|minh", "Thu Trang|trang"],
                ["Nguyễn|nguyen", "Trần|tran", "Lê|le", "Phạm|pham"], familyFirst: true),
        Culture(["芳|fang", "伟|wei", "敏|min", "静|jing", "秀英|xiuying", "志强|zhiqiang", "晓明|xiaoming", "丽娟|lijuan"],
                ["王|wang", "李|li", "张|zhang", "刘|liu", "陈|chen", "杨|yang", "黄|huang", "赵|zhao"],
                familyFirst: true, joiner: ""),
        Culture(["花子|hanako", "翔太|shota", "陽菜|hina", "美咲|misaki", "大輝|daiki"],
                ["佐藤|sato", "鈴木|suzuki", "高橋|takahashi", "田中|tanaka", "渡辺|watanabe"],
                familyFirst: true, joiner: ""),
        Culture(["민준|minjun", "서연|seoyeon", "지우|jiwoo", "하은|haeun"],
                ["김|kim", "이|lee", "박|park", "최|choi"], familyFirst: true, joiner: ""),
    ]

    // E-mail domains, by shape.
    let domainsSimple = utf8Table([
        "example.com", "example.org", "example.net", "example.io", "example.co.uk", "gmail.com", "outlook.com",
        "hotmail.co.uk", "yahoo.co.jp", "web.de", "gmx.de", "orange.fr", "libero.it", "wp.pl", "yandex.ru",
        "qq.com", "naver.com", "icloud.com", "proton.me", "fastmail.fm", "acme-logistics.com", "example.com.br",
        "example.es", "example.nl", "example.se", "example.in", "example.com.au", "example.co.za",
    ])
    let domainsSub = utf8Table([
        "mail.example.com", "eu.mail.example.org", "support.acme-logistics.com", "sub.dept.example.ac.uk",
        "students.example.edu", "corp.eu-west.example.net", "team.internal.example.io",
    ])
    let domainsLongTLD = utf8Table([
        "company.travel", "studio.photography", "startup.technology", "agency.international",
        "shop.museum", "consulting.engineering", "example.management", "example.solutions",
    ])
    let domainsIDN = utf8Table([
        "bücher.example", "münchen.example", "例子.广告", "пример.рф", "παράδειγμα.δοκιμή", "exämple.de", "köln-büro.example",
    ])
    let utf8Locals = utf8Table([
        "josé.garcía", "søren.k", "zoë.lefèvre", "jürgen.müller", "françois", "ñandú.sur", "用户", "δοκιμή",
        "пользователь", "łukasz.w", "çağla.ö", "björk.g",
    ])
    let plusTags = utf8Table(["news", "intercom", "support", "billing", "test", "2026", "promo", "crm"])

    // Places, at least 5 bytes each value.
    let places: [Place] = {
        let rows: [(String, String, String, String, String)] = [
            ("Ireland", "IRL", "Leinster", "Dublin", "EU"), ("Ireland", "IRL", "Munster", "Limerick", "EU"),
            ("United Kingdom", "GBR", "England", "London", "EU"), ("United Kingdom", "GBR", "Scotland", "Edinburgh", "EU"),
            ("United States", "USA", "California", "San Francisco", "NA"), ("United States", "USA", "New York", "Brooklyn", "NA"),
            ("United States", "USA", "Illinois", "Chicago", "NA"), ("Canada", "CAN", "Ontario", "Toronto", "NA"),
            ("Germany", "DEU", "Bavaria", "München", "EU"), ("Germany", "DEU", "Brandenburg", "Potsdam", "EU"),
            ("France", "FRA", "Île-de-France", "Paris", "EU"), ("Spain", "ESP", "Comunidad de Madrid", "Madrid", "EU"),
            ("Spain", "ESP", "Andalucía", "Sevilla", "EU"), ("Italy", "ITA", "Lombardia", "Milano", "EU"),
            ("Netherlands", "NLD", "Noord-Holland", "Amsterdam", "EU"), ("Sweden", "SWE", "Stockholms län", "Stockholm", "EU"),
            ("Poland", "POL", "Mazowieckie", "Warszawa", "EU"), ("Brazil", "BRA", "São Paulo", "Campinas", "SA"),
            ("Mexico", "MEX", "Jalisco", "Guadalajara", "NA"), ("India", "IND", "Karnataka", "Bengaluru", "AS"),
            ("Japan", "JPN", "Tokyo Prefecture", "Shibuya", "AS"), ("South Korea", "KOR", "Gyeonggi", "Seongnam", "AS"),
            ("China", "CHN", "Guangdong", "Shenzhen", "AS"), ("Australia", "AUS", "New South Wales", "Sydney", "OC"),
            ("South Africa", "ZAF", "Western Cape", "Cape Town", "AF"), ("Nigeria", "NGA", "Lagos State", "Ikeja", "AF"),
            ("United Arab Emirates", "ARE", "Dubai Emirate", "Jumeirah", "AS"), ("Turkey", "TUR", "İstanbul", "Kadıköy", "AS"),
            ("Russia", "RUS", "Moskva", "Moscow", "EU"), ("Greece", "GRC", "Attica", "Athens", "EU"),
        ]
        return rows.map { Place(country: Array($0.0.utf8), code: Array($0.1.utf8), region: Array($0.2.utf8),
                                city: Array($0.3.utf8), continent: Array($0.4.utf8)) }
    }()

    // Street addresses: templates where '#' is a digit, '@' a capital letter.
    let addresses = utf8Table([
        "### Baker Street, London NW1 #@@", "## Harcourt Road, Dublin 2, D02 @@##", "#### Market Street, San Francisco, CA 941##",
        "### Amsterdam Ave, New York, NY 100##", "Calle de Alcalá ##, 280## Madrid", "Unter den Linden ##, 101## Berlin",
        "## rue de Rivoli, 7500# Paris", "Via del Corso ###, 001## Roma", "Keizersgracht ###, 10## @@ Amsterdam",
        "Drottninggatan ##, 111 ## Stockholm", "ul. Marszałkowska ##, 00-### Warszawa", "Rua Augusta ####, São Paulo - SP, 01###-###",
        "Av. Reforma ###, Col. Juárez, 06600 CDMX", "## MG Road, Bengaluru 5600##", "東京都千代田区丸の内#-#-#",
        "서울특별시 강남구 테헤란로 ###", "广东省深圳市南山区科技园##号", "## George Street, Sydney NSW 2000",
        "## Long Street, Cape Town 8001", "Plot ## Admiralty Way, Lekki, Lagos", "Apt ##, Building #, Sheikh Zayed Road, Dubai",
        "Bağdat Cad. No:###, Kadıköy, İstanbul", "ул. Тверская, д. ##, Москва", "PO Box ####, Wellington 6140",
    ])

    // Non-person names (tags, segments, companies, teams), each at least 5 bytes.
    let tagNames = utf8Table(["VIP customer", "churn-risk", "Enterprise", "beta-tester", "Follow up", "Billing issue",
                              "Feature request", "Onboarding", "priority-high", "NPS detractor"])
    let segmentNames = utf8Table(["Active users (30d)", "Trial expiring", "Paying customers", "Slipping away",
                                  "New signups this week", "EMEA accounts", "Mobile app users"])
    let companyNames = utf8Table(["Acme Logistics Ltd", "Globex Corporation", "Initech GmbH", "Umbrella Health S.A.",
                                  "Stark Industries Inc.", "Wayne Enterprises LLC", "Soylent Foods BV", "Hooli Europe Ltd",
                                  "Vandelay Industries", "Tyrell Systems AB"])
    let teamNames = utf8Table(["Support EMEA", "Billing & Payments", "Tier 2 Escalations", "Sales Americas",
                               "Customer Success", "Trust & Safety", "Onboarding APAC"])
    let industries = utf8Table(["Logistics", "Healthcare", "Retail", "Fintech", "Education", "Manufacturing"])

    let topicsContact = utf8Table(["contact.user.created", "contact.lead.created", "contact.user.updated",
                                   "contact.lead.signed_up", "contact.email.updated", "contact.lead.added_email"])
    let topicsConversationPII = utf8Table(["conversation.user.replied", "conversation.user.created",
                                           "conversation.admin.replied", "conversation.admin.noted"])
    let topicsConversationClean = utf8Table(["conversation.admin.assigned", "conversation.admin.closed",
                                             "conversation.admin.snoozed", "conversation.admin.opened",
                                             "conversation.priority.updated", "conversation.read"])
    let eventNames = utf8Table(["placed-order", "viewed-pricing", "invited-teammate", "upgraded-plan",
                                "exported-report", "connected-integration", "cancelled-subscription"])
    let browsers = utf8Table(["chrome", "firefox", "safari", "edge"])
    let oses = utf8Table(["macOS 15.1", "Windows 11", "iOS 18.1.1", "Android 15", "Ubuntu 24.04"])
    let plans = utf8Table(["free", "starter", "pro", "premium", "enterprise"])
    let loggers = utf8Table(["intercom.webhooks", "intercom.client", "sync.contacts", "billing.invoices",
                             "mailer.outbound", "http.server", "jobs.worker"])
    let cleanMessages = utf8Table([
        "webhook processed", "contact sync finished", "cache miss", "retrying request", "job enqueued",
        "rate limit headroom low", "conversation snapshot stored", "invoice rendered", "token refreshed",
        "request completed", "batch flushed", "healthcheck ok",
    ])
    let services = utf8Table(["intercom", "webhooks", "sync", "mailer", "billing", "api", "worker-3", "scheduler"])
    let paths = utf8Table(["/webhooks/intercom", "/api/v2/contacts", "/api/v2/conversations/search", "/healthz",
                           "/api/v2/tickets", "/static/app.4f9c2e.js", "/metrics", "/api/v2/events",
                           "/oauth/callback", "/api/v2/companies/scroll"])
    let userAgents = utf8Table([
        "Intercom-Webhooks/1.0", "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.86 Safari/537.36",
        "kube-probe/1.31", "curl/8.5.0", "Go-http-client/2.0", "python-requests/2.32.3", "Prometheus/2.54.1",
    ])
    let javaClasses = utf8Table(["c.e.i.IntercomClient", "c.e.s.ContactSyncJob", "o.a.k.c.c.KafkaConsumer",
                                 "c.e.w.WebhookController", "c.z.h.HikariPool", "c.e.b.InvoiceService"])
    let repos = utf8Table(["acme/support-sync", "acme/intercom-bridge", "platform/log-shipper", "infra/terraform-live"])
    let mediumHandles = utf8Table(["acme-engineering", "intercom", "platform-team", "growth-notes", "devrel"])
    let ticketTitles = utf8Table(["Refund request", "Cannot log in", "Invoice incorrect", "Shipment delayed",
                                  "Data export", "Account deletion"])
    let currencies = utf8Table(["eur", "usd", "gbp", "sek", "pln", "brl"])
    let regionsAWS = utf8Table(["eu-west-1", "us-east-1", "ap-southeast-2"])
    let hex = Array("0123456789abcdef".utf8)
    let months = utf8Table(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])

    private init() {}
}
