// A small deterministic log generator used until the project's RedactCorpus generator is wired in.
// Lines look like production logs: app lines with timestamps, ids and durations, nginx access lines,
// JSON log lines, and Intercom payloads; a fraction of lines carry PII (e-mail, phone, PII fields).

struct SplitMix64 {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}

public enum Mix: String, CaseIterable, Sendable {
    /// About 5% of lines carry PII; text, access and JSON lines.
    case production
    /// Every line carries PII.
    case dense
    /// JSON lines only (production PII rate).
    case json
    /// Plain text and access lines only (production PII rate).
    case text
}

public struct LocalCorpus: Sendable {
    public var bytes: [UInt8] = []
    /// E-mail addresses planted in the corpus (each must be gone after redaction).
    public var plantedEmails: [[UInt8]] = []
    /// Byte ranges (without the newline) of lines with nothing to redact (must come out byte-identical).
    public var cleanLines: [Range<Int>] = []
    public var lineCount = 0

    private var rng: SplitMix64
    private var clock = 1_795_392_000_000

    static let firstNames = ["jane", "john", "maria", "wei", "olu", "sam", "ana", "liam", "noah", "emma", "yuki", "ravi"]
    static let lastNames = ["doe", "smith", "garcia", "chen", "okafor", "jones", "silva", "brown", "khan", "muller"]
    static let domains = ["example.com", "mail.example.org", "corp.example.net", "example.co.uk", "shop.example.io"]
    static let paths = ["/api/v1/users", "/api/v2/conversations", "/health", "/static/app.js", "/api/v1/tickets", "/webhooks/intercom", "/login"]
    static let agents = ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36",
                         "curl/8.5.0", "Intercom-Webhooks/1.0", "okhttp/4.12.0", "python-requests/2.32.3"]
    static let messages = ["request completed", "cache miss", "job finished", "retrying upstream call",
                           "conversation updated", "webhook delivered", "token refreshed", "slow query"]
    static let phones = ["+44 20 7946 0958", "+1 415-555-0134", "(415) 555-0199", "+49 30 901820", "020 7946 0321",
                         "415.555.0123", "+33 1 42 68 53 00"]

    public init(mix: Mix, size: Int, seed: UInt64 = 1) {
        rng = SplitMix64(seed: seed &* 0x100 &+ UInt64(Mix.allCases.firstIndex(of: mix)!))
        bytes.reserveCapacity(size + 4096)
        while bytes.count < size { line(mix) }
    }

    private mutating func line(_ mix: Mix) {
        let start = bytes.count
        let pii: Bool
        switch mix {
        case .production: pii = rng.below(100) < 5
        case .dense: pii = true
        case .json, .text: pii = rng.below(100) < 5
        }
        let json: Bool
        switch mix {
        case .json: json = true
        case .text: json = false
        default: json = rng.below(100) < 40
        }
        if json { jsonLine(pii: pii) } else { textLine(pii: pii) }
        if !pii { cleanLines.append(start..<bytes.count) }
        put("\n")
        lineCount += 1
        clock += 1 + rng.below(40)
    }

    // MARK: writers

    private mutating func put(_ s: String) { bytes.append(contentsOf: s.utf8) }
    private mutating func put(_ b: [UInt8]) { bytes.append(contentsOf: b) }
    private mutating func pick(_ a: [String]) -> String { a[rng.below(a.count)] }
    private mutating func num(_ v: Int) { put(String(v)) }
    private mutating func pad(_ v: Int, _ w: Int) {
        let s = String(v)
        if s.count < w { put(String(repeating: "0", count: w - s.count)) }
        put(s)
    }
    /// `n` hex digits, the first one a letter (an all-digit id can look like a phone number).
    private mutating func hex(_ n: Int) {
        let digits = Array("0123456789abcdef".utf8)
        bytes.append(digits[10 + rng.below(6)])
        for _ in 1..<n { bytes.append(digits[rng.below(16)]) }
    }
    private mutating func uuid() { hex(8); put("-"); hex(4); put("-4"); hex(3); put("-a"); hex(3); put("-"); hex(12) }

    private mutating func isoTime() {
        let ms = clock % 1000, s = (clock / 1000) % 60, m = (clock / 60_000) % 60, h = (clock / 3_600_000) % 24
        put("2026-11-23T"); pad(h, 2); put(":"); pad(m, 2); put(":"); pad(s, 2); put("."); pad(ms, 3); put("Z")
    }

    private mutating func email() {
        let start = bytes.count
        put(pick(Self.firstNames))
        switch rng.below(3) {
        case 0: put("."); put(pick(Self.lastNames))
        case 1: put("+tag"); num(rng.below(100))
        default: num(rng.below(1000))
        }
        put("@"); put(pick(Self.domains))
        let e = Array(bytes[start...])
        if plantedEmails.count < 512 && !plantedEmails.contains(e) { plantedEmails.append(e) }
    }

    // MARK: line families

    private mutating func textLine(pii: Bool) {
        switch rng.below(3) {
        case 0:
            // nginx combined access log.
            num(10 + rng.below(200)); put("."); num(rng.below(255)); put("."); num(rng.below(255)); put("."); num(rng.below(255))
            put(" - - [23/Nov/2026:"); pad((clock / 3_600_000) % 24, 2); put(":"); pad((clock / 60_000) % 60, 2); put(":")
            pad((clock / 1000) % 60, 2); put(" +0000] \"GET "); put(pick(Self.paths)); put("/"); num(rng.below(10_000_000))
            put("?page="); num(rng.below(20)); put("&per_page=50")
            if pii { put("&email="); email() }
            put(" HTTP/1.1\" "); put(pick(["200", "200", "200", "304", "404", "500"])); put(" "); num(rng.below(100_000))
            put(" \"-\" \""); put(pick(Self.agents)); put("\" "); put("0."); pad(rng.below(1000), 3)
        case 1:
            // App log line, logfmt-ish.
            isoTime(); put(pick([" INFO ", " DEBUG ", " WARN "])); put("[worker-"); num(rng.below(16)); put("] ")
            put(pick(Self.messages)); put(" request_id="); uuid(); put(" app_id="); hex(8); put(" user_id="); num(100_000 + rng.below(900_000))
            put(" duration_ms="); num(rng.below(2000)); put(" status="); put(pick(["200", "201", "204", "500"]))
            if pii {
                if rng.below(2) == 0 { put(" reply sent to "); email() } else { put(" sms to "); put(pick(Self.phones)) }
            }
        default:
            // Java-style line with a version and a trace id.
            isoTime(); put(" ["); put(pick(["main", "pool-2-thread-7", "http-nio-8080-exec-3"])); put("] ")
            put(pick(["c.i.sync.ContactSync", "c.i.api.Client", "o.h.engine.jdbc"])); put(" - ")
            put(pick(Self.messages)); put(" v"); num(rng.below(5)); put("."); num(rng.below(30)); put("."); num(rng.below(10))
            put(" trace="); hex(32); put(" took "); num(rng.below(500)); put("ms")
            if pii { put(" for user "); email() }
        }
    }

    private mutating func jsonLine(pii: Bool) {
        if pii && rng.below(2) == 0 {
            // An Intercom contact payload.
            put("{\"type\":\"notification_event\",\"topic\":\"contact.user.updated\",\"created_at\":"); num(1_795_392_000 + rng.below(100_000))
            put(",\"data\":{\"item\":{\"type\":\"contact\",\"id\":\""); hex(24); put("\",\"role\":\"user\",\"email\":\""); email()
            put("\",\"phone\":\""); put(pick(Self.phones)); put("\",\"name\":\""); put(pick(Self.firstNames)); put(" "); put(pick(Self.lastNames))
            put("\",\"unsubscribed_from_emails\":false,\"location\":{\"type\":\"location\",\"country\":\"United Kingdom\",\"city\":\"London\"}")
            put(",\"custom_attributes\":{\"plan\":\"pro\",\"ssn\":\"078-05-1120\"},\"updated_at\":"); num(1_795_392_000 + rng.below(100_000)); put("}}}")
            return
        }
        put("{\"ts\":\""); isoTime(); put("\",\"level\":\""); put(pick(["info", "debug", "warn"])); put("\",\"msg\":\"")
        put(pick(Self.messages))
        if pii { put(" for "); email() }
        put("\",\"conversation_id\":\""); num(100_000_000 + rng.below(900_000_000)); put("\",\"app_id\":\""); hex(8)
        put("\",\"trace_id\":\""); hex(32); put("\",\"duration_ms\":"); num(rng.below(3000))
        put(",\"http\":{\"method\":\"POST\",\"path\":\""); put(pick(Self.paths)); put("\",\"status\":"); put(pick(["200", "202", "429"]))
        put("},\"version\":\"1."); num(rng.below(40)); put("."); num(rng.below(10)); put("\"}")
    }
}
