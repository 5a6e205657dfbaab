/// What to do with a value that a rule or detector selects.
public enum RedactionAction: Sendable, Equatable {
    /// Replace with a typed token, `[REDACTED:email]`.
    case token
}

/// A field-level rule: the value of a JSON key (or logfmt key) at a path is redacted whole.
public struct FieldRule: Sendable, Equatable {
    /// Key path, matched against the end of the path of enclosing keys at any depth: `["email"]`,
    /// `["custom_attributes", "ssn"]`, `["custom_attributes", "*"]`. Arrays are transparent.
    public var path: [String]
    /// The token kind: `[REDACTED:<kind>]`.
    public var kind: String
    public var action: RedactionAction
    /// Keep the value when the enclosing object's `type` is one of these (Intercom objects that are
    /// not people, e.g. a tag's `name`). When the type is not known yet, the value is redacted.
    public var exceptWhenTypeIs: [String]

    public init(path: [String], kind: String, action: RedactionAction = .token, exceptWhenTypeIs: [String] = []) {
        self.path = path
        self.kind = kind
        self.action = action
        self.exceptWhenTypeIs = exceptWhenTypeIs
    }

    /// `"custom_attributes.ssn"` style.
    public var pathString: String { path.joined(separator: ".") }
}

/// A redaction policy as data: field rules, value detectors and limits. Compile it once into a
/// `RedactionPlan`.
public struct RedactionPolicy: Sendable {
    public var fieldRules: [FieldRule]
    public var detectors: [DetectorSpec]
    /// Words that make a key "phone-ish" (`mobile_number`, `work_phone`): a phone-like value of such a
    /// key is redacted as a phone even without a `+` or separators.
    public var phoneKeyWords: [String]
    /// Also apply field rules to `key=value` pairs in text (logfmt).
    public var logfmtKeys: Bool
    /// The longest record (line) handled whole; longer ones are redacted in pieces of this size.
    public var maxRecordSize: Int

    public init(fieldRules: [FieldRule], detectors: [DetectorSpec], phoneKeyWords: [String] = ["phone", "mobile", "fax"],
                logfmtKeys: Bool = true, maxRecordSize: Int = 1 << 20) {
        self.fieldRules = fieldRules
        self.detectors = detectors
        self.phoneKeyWords = phoneKeyWords
        self.logfmtKeys = logfmtKeys
        self.maxRecordSize = maxRecordSize
    }

    /// Intercom objects whose `name` is not a person's.
    public static let nonPersonTypes = ["tag", "segment", "company", "team", "app", "help_center", "collection", "article"]

    /// The built-in Intercom field rules.
    public static let intercomFieldRules: [FieldRule] = [
        FieldRule(path: ["email"], kind: "email"),
        FieldRule(path: ["name"], kind: "name", exceptWhenTypeIs: nonPersonTypes),
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
