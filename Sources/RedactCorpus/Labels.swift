// What the generator says about each line it produced: the personal data it planted (which a
// redactor must remove) and the look-alikes it planted (which a redactor must leave alone).

/// The kind of thing planted in a line.
public enum PlantedKind: String, Sendable, CaseIterable, Comparable {
    // Personal data (the `[REDACTED:<kind>]` token kinds).
    case email, phone, name, location
    case ipAddress = "ip_address"
    case address, ssn
    // Look-alikes: must survive redaction byte for byte.
    case timestamp
    case unixTime = "unix_time"
    case date
    case uuid
    case hexId = "hex_id"
    case traceId = "trace_id"
    case numericId = "numeric_id"
    case orderNumber = "order_number"
    case price, version, duration
    case statusBytes = "status_bytes"
    case ipv4
    case handleURL = "handle_url"
    case gitRemote = "git_remote"
    case nonPersonName = "non_person_name"

    public var isPII: Bool {
        switch self {
        case .email, .phone, .name, .location, .ipAddress, .address, .ssn: return true
        default: return false
        }
    }

    public static func < (a: PlantedKind, b: PlantedKind) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// Where a planted value sits, which decides which part of a redactor is expected to find it.
public enum PlantedContext: String, Sendable, CaseIterable, Comparable {
    /// The value of a field-level PII key in JSON (`email`, `name`, `phone`, `location`,
    /// `ip_address`, `ip`, `custom_attributes.address`, `custom_attributes.ssn`), in any JSON
    /// layout: compact, spaced, pretty-printed over several lines, or JSON escaped inside a string.
    case field
    /// The value of a PII-named key in a logfmt line (`email=... name="..."`).
    case keyValue = "key_value"
    /// Anywhere else: free text, HTML bodies, URLs, JSON string values of other keys. Only the
    /// value detectors (e-mail, phone) can find these.
    case text

    public static func < (a: PlantedContext, b: PlantedContext) -> Bool {
        allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
    }
}

/// One planted value: what it is, how it is written, and its exact bytes as they appear in the line.
public struct Planted: Sendable, Hashable {
    public var kind: PlantedKind
    public var context: PlantedContext
    /// How the value is encoded where it sits: `plain`, `json-escaped-u0040`, `html-entity-dec`,
    /// `html-entity-hex`, `html-entity-named`, `percent`, `mailto`, `tel-uri`, `angle`,
    /// `json-in-string`, `json-in-string-2` (escaped twice), `pretty-printed`, `spaced`,
    /// `logfmt`, `json-number`, `json-u-escaped`, `go-escaped`. For look-alikes: `json` or `text`.
    public var format: String
    /// The shape of the value. Phones: country and style, e.g. `GB-national`, `US-paren`,
    /// `DE-E164`, `US-ext`. E-mails: `simple`, `plus`, `upper`, `mixed-case`, `subdomain`,
    /// `long-tld`, `utf8-local`, `idn-domain`, `digits`. Others: a short subtype.
    public var variant: String
    /// Byte offset of the value in its line.
    public var offset: Int
    /// The value's exact bytes in the line.
    public var bytes: [UInt8]

    public init(kind: PlantedKind, context: PlantedContext, format: String, variant: String, offset: Int, bytes: [UInt8]) {
        self.kind = kind; self.context = context; self.format = format; self.variant = variant
        self.offset = offset; self.bytes = bytes
    }
}

/// The truth about one generated line.
public struct LineLabel: Sendable, Hashable {
    /// The line family, e.g. `webhook`, `contact`, `structured-log`, `access`, `pretty`.
    public var family: String
    /// Personal data in the line: each value's bytes occur exactly once in the line.
    public var pii: [Planted]
    /// Values that look like PII to a careless detector but are not.
    public var lookalikes: [Planted]
    /// The line lies inside a field-level value that spans lines (the members of a pretty-printed
    /// `location` object, e.g. `"type": "location",`). Such a line is not "clean": a redactor may
    /// rewrite it whole, or keep what is not personal in it.
    public var withinPIIField: Bool

    public init(family: String, pii: [Planted] = [], lookalikes: [Planted] = [], withinPIIField: Bool = false) {
        self.family = family; self.pii = pii; self.lookalikes = lookalikes; self.withinPIIField = withinPIIField
    }
}

/// One generated line, without its newline, and its label.
public struct CorpusLine: Sendable, Hashable {
    public var bytes: [UInt8]
    public var label: LineLabel
}

/// Which kinds of lines to generate.
public enum Mix: String, Sendable, CaseIterable {
    /// Realistic service logs: about 5% of lines carry PII; the rest are application, access and
    /// JSON log lines full of timestamps and ids.
    case production
    /// Every line carries PII (except the brace-only lines of pretty-printed documents).
    case dense
    /// Only complete single-line JSON documents: webhook NDJSON, API objects, structured logs.
    case json
    /// Only non-JSON text lines: application logs, access logs, logfmt, plain text.
    case text

    /// Share of records that carry PII unless overridden.
    public var defaultPIIRatio: Double {
        switch self {
        case .production: return 0.05
        case .dense: return 1.0
        case .json, .text: return 0.25
        }
    }
}
