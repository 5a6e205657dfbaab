/// What to do with a value that a rule or detector selects. See docs/policy.md.
public enum RedactionAction: Sendable, Equatable, Hashable {
    /// Replace with a typed token, `[REDACTED:email]`. The default.
    case token
    /// Replace with a keyed pseudonym, `[email:k1:3f9a2c7e51d0]`: HMAC-SHA-256 of the normalised value
    /// under `RedactionPolicy.pseudonymKey`, truncated. The same value gives the same pseudonym
    /// wherever it appears (a field or free text, any encoding or letter case).
    case pseudonym
    /// Keep part of the value: an e-mail keeps its domain (`***@example.com`), a phone-like value its
    /// last `keep` digits (never more than half of them, `***0123`). Anything else gets the token.
    case partial(keep: Int)
    /// Remove a JSON field: its key and value go, with one adjacent comma, so the JSON stays valid.
    /// Where that is not possible (free text, logfmt, a container spanning lines, a comma on
    /// another line) the token is written instead.
    case remove

    /// The name used in policy files and on the command line.
    public var name: String {
        switch self {
        case .token: "token"
        case .pseudonym: "pseudonym"
        case .partial: "partial"
        case .remove: "remove"
        }
    }
}

/// A field-level rule: the value of a JSON key (or logfmt key) at a path is redacted whole.
public struct FieldRule: Sendable, Equatable {
    /// Key path, matched against the end of the path of enclosing keys at any depth: `["email"]`,
    /// `["custom_attributes", "ssn"]`, `["custom_attributes", "*"]`. Arrays are transparent.
    public var path: [String]
    /// The token kind: `[REDACTED:<kind>]`.
    public var kind: String
    /// What to do with the value; `nil` takes the kind's action (`RedactionPolicy.kindActions`),
    /// else the policy's `defaultAction`.
    public var action: RedactionAction?
    /// Keep the value when the enclosing object's `type` is one of these (Intercom objects that are
    /// not people, e.g. a tag's `name`). When the type is not known yet, the value is redacted.
    public var exceptWhenTypeIs: [String]
    /// Keep the value when the key's parent (the key of the container it is in, arrays being
    /// transparent, or the segment before it in a flattened key like `service.name`) is one of
    /// these keys (compared like keys: case, `_` and `-` aside): `service.name` and `host.name` of
    /// OpenTelemetry and ECS logs name no person.
    public var exceptUnder: [String]

    /// A rule for the value at `path`, redacted as `kind`.
    public init(path: [String], kind: String, action: RedactionAction? = nil, exceptWhenTypeIs: [String] = [],
                exceptUnder: [String] = []) {
        self.path = path
        self.kind = kind
        self.action = action
        self.exceptWhenTypeIs = exceptWhenTypeIs
        self.exceptUnder = exceptUnder
    }

    /// `"custom_attributes.ssn"` style.
    public var pathString: String { path.joined(separator: ".") }
}

/// A redaction policy as data: field rules, value detectors and limits. Compile it once into a
/// `RedactionPlan`.
public struct RedactionPolicy: Sendable {
    /// Field rules, in order: the first that matches a key decides.
    public var fieldRules: [FieldRule]
    /// Value detectors (PCRE2 patterns in the `patterns/` format), run on free text and string values.
    public var detectors: [DetectorSpec]
    /// Words that make a key "phone-ish" (`mobile_number`, `work_phone`): a phone-like value of such a
    /// key is redacted as a phone even without a `+` or separators.
    public var phoneKeyWords: [String]
    /// Also apply field rules to `key=value` pairs in text (logfmt).
    public var logfmtKeys: Bool
    /// The longest record (line) handled whole; longer ones are redacted in pieces of this size.
    public var maxRecordSize: Int
    /// The action of every kind not named in `kindActions` (and of rules without their own).
    public var defaultAction: RedactionAction = .token
    /// Actions by kind (`email`, `phone`, ...), for detectors and for field rules without their own.
    public var kindActions: [String: RedactionAction] = [:]
    /// The key for `.pseudonym`; required when any rule or kind uses it.
    public var pseudonymKey: PseudonymKey? = nil
    /// Allowlist mode when set: only JSON string values at these paths (same syntax as field rules)
    /// keep their value; every other JSON string value is redacted as kind `allowlistKind`.
    /// Field rules still apply first, and detectors still run on the kept values.
    public var allowlist: [[String]]? = nil
    /// The kind (and token) of string values that allowlist mode redacts: `[REDACTED:value]`.
    public var allowlistKind = "value"
    /// How many line numbers each rule and detector records for a report (`RedactionStats.findings`);
    /// 0 records counts only.
    public var reportLineLimit = 0

    /// A policy with these rules and detectors; actions, allowlist and key are set as properties.
    public init(fieldRules: [FieldRule], detectors: [DetectorSpec], phoneKeyWords: [String] = ["phone", "mobile", "fax"],
                logfmtKeys: Bool = true, maxRecordSize: Int = 1 << 20) {
        self.fieldRules = fieldRules
        self.detectors = detectors
        self.phoneKeyWords = phoneKeyWords
        self.logfmtKeys = logfmtKeys
        self.maxRecordSize = maxRecordSize
    }

    /// The action for values of `kind` that no rule of their own decides.
    public func action(forKind kind: String) -> RedactionAction {
        kindActions[kind] ?? defaultAction
    }

    /// Intercom objects whose `name` is not a person's.
    public static let nonPersonTypes = ["tag", "segment", "company", "team", "app", "help_center", "collection", "article"]

    /// Keys whose `name` is not a person's: what OpenTelemetry's resource attributes and ECS fields
    /// name (`service.name`, `host.name`, `k8s.pod.name`, `process.name`, `user_agent.name`). Not
    /// `user`, `device`, `account` or `author` (those names can be people's), nor Intercom's objects
    /// (their `type` says what they are: `nonPersonTypes`).
    public static let nonPersonParents = [
        "service", "host", "process", "container", "pod", "node", "namespace", "deployment", "cluster", "agent",
        "os", "browser", "user_agent", "event", "file", "log", "logger", "thread", "span", "trace", "queue", "topic",
        "db", "database", "table", "index", "region", "zone", "image", "package", "library", "module", "rule",
        "metric", "job", "task", "function", "method", "application", "sdk", "telemetry", "cloud", "orchestrator",
    ]

    /// The built-in Intercom field rules.
    public static let intercomFieldRules: [FieldRule] = [
        FieldRule(path: ["email"], kind: "email"),
        FieldRule(path: ["name"], kind: "name", exceptWhenTypeIs: nonPersonTypes, exceptUnder: nonPersonParents),
        FieldRule(path: ["phone"], kind: "phone"),
        FieldRule(path: ["location"], kind: "location"),
        FieldRule(path: ["ip_address"], kind: "ip_address"),
        FieldRule(path: ["ip"], kind: "ip_address"),
        FieldRule(path: ["custom_attributes", "address"], kind: "address"),
        FieldRule(path: ["custom_attributes", "ssn"], kind: "ssn"),
    ]

    /// The detectors carried by the binary (copied from `patterns/`).
    public static let builtinDetectors: [DetectorSpec] = BuiltinPatterns.files.map { file in
        do { return try DetectorSpec.parse(file.text, name: file.name) } catch {
            fatalError("built-in pattern \(file.name) does not parse: \(error)")
        }
    }

    /// The default policy: Intercom fields and the built-in detectors.
    public static var intercom: RedactionPolicy {
        RedactionPolicy(fieldRules: intercomFieldRules, detectors: builtinDetectors)
    }
}
