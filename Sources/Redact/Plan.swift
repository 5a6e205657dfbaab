/// Why a policy could not be compiled. Names the rule or pattern; never quotes input data.
public struct PolicyError: Error, CustomStringConvertible, Sendable {
    public var source: String
    public var reason: String
    public var description: String { "\(source): \(reason)" }
}

/// A compiled, immutable redaction plan: key tables, field rules, JIT-compiled detectors and tokens,
/// built once and shared read-only by every `LineRedactor` on every thread.
public final class RedactionPlan: Sendable {
    struct Rule: Sendable {
        /// Key ids from the last segment backwards; `wildcard` matches any key.
        var reversedPath: [Int32]
        var kind: Int32
        var fieldName: String
        var exceptTypes: [[UInt8]]
    }

    /// A compiled detector. A class, so the hot loops hold one reference instead of copying a spec.
    final class Detector: Sendable {
        let spec: DetectorSpec
        let regex: CompiledRegex
        let kind: Int32
        /// First bytes of the literal triggers (lower-cased), for a quick scan.
        let triggerFirstBytes: [UInt8]
        init(spec: DetectorSpec, regex: CompiledRegex, kind: Int32, triggerFirstBytes: [UInt8]) {
            self.spec = spec; self.regex = regex; self.kind = kind; self.triggerFirstBytes = triggerFirstBytes
        }
    }

    static let wildcard: Int32 = -3
    /// Frame key for an anonymous container (array element, top level).
    static let anonymous: Int32 = -1
    /// Frame key for a key not mentioned by any rule.
    static let unknownKey: Int32 = -2

    public let policy: RedactionPolicy
    public var maxRecordSize: Int { policy.maxRecordSize }

    /// Kind names and their tokens, `[REDACTED:<kind>]`, indexed by kind id.
    let kinds: [String]
    let tokens: [[UInt8]]
    /// Every key named in a rule (any segment), indexed by key id; plus `type`.
    let keys: [[UInt8]]
    let typeKey: Int32
    let maxKeyLength: Int
    /// Rules grouped by the key id of their last segment; `wildcardRules` end in `*`.
    let rulesByKey: [[Int]]
    let wildcardRules: [Int]
    let rules: [Rule]
    /// Keys that appear as a non-final path segment: a frame opened by one is worth carrying.
    let parentKeys: Set<Int32>
    let nonPersonTypes: [[UInt8]]
    let phoneKeyWords: [[UInt8]]
    let phoneKind: Int32
    let detectors: [Detector]

    /// The default plan: the built-in Intercom policy.
    public static let intercom: RedactionPlan = {
        do { return try RedactionPlan(policy: .intercom) } catch { fatalError("built-in policy: \(error)") }
    }()

    public convenience init(maxRecordSize: Int) throws(PolicyError) {
        var policy = RedactionPolicy.intercom
        policy.maxRecordSize = maxRecordSize
        try self.init(policy: policy)
    }

    public init(policy: RedactionPolicy) throws(PolicyError) {
        guard policy.maxRecordSize >= 64 else {
            throw PolicyError(source: "maxRecordSize", reason: "must be at least 64 bytes")
        }
        self.policy = policy
        var kinds: [String] = []
        func kindID(_ k: String) -> Int32 {
            if let i = kinds.firstIndex(of: k) { return Int32(i) }
            kinds.append(k)
            return Int32(kinds.count - 1)
        }
        var keys: [[UInt8]] = []
        func keyID(_ k: String) -> Int32 {
            let b = Array(k.utf8)
            if let i = keys.firstIndex(of: b) { return Int32(i) }
            keys.append(b)
            return Int32(keys.count - 1)
        }
        var rules: [Rule] = []
        var parents = Set<Int32>()
        var nonPerson: [[UInt8]] = []
        for r in policy.fieldRules {
            guard !r.path.isEmpty, !r.path.contains(where: { $0.isEmpty || $0.utf8.contains(UInt8(ascii: "\"")) }) else {
                throw PolicyError(source: "field rule '\(r.pathString)'", reason: "empty path segment or quote in key")
            }
            let ids = r.path.map { $0 == "*" ? Self.wildcard : keyID($0) }
            for id in ids.dropLast() where id != Self.wildcard { parents.insert(id) }
            let types = r.exceptWhenTypeIs.map { Array($0.utf8) }
            for t in types where !nonPerson.contains(t) { nonPerson.append(t) }
            rules.append(Rule(reversedPath: ids.reversed(), kind: kindID(r.kind), fieldName: r.pathString, exceptTypes: types))
        }
        typeKey = keyID("type")
        var byKey = [[Int]](repeating: [], count: keys.count)
        var wild: [Int] = []
        for (i, r) in rules.enumerated() {
            if r.reversedPath[0] == Self.wildcard { wild.append(i) } else { byKey[Int(r.reversedPath[0])].append(i) }
        }
        phoneKind = kindID("phone")
        var detectors: [Detector] = []
        for spec in policy.detectors {
            let regex: CompiledRegex
            if !spec.countryLengths.isEmpty && spec.digits == nil {
                throw PolicyError(source: "pattern \(spec.name)", reason: "country-lengths needs a digits range")
            }
            if let d = spec.digits, d.upperBound > 255 {
                throw PolicyError(source: "pattern \(spec.name)", reason: "digits maximum above 255")
            }
            do { regex = try CompiledRegex(spec.pattern, caseless: spec.caseless, multiline: spec.multiline, maxDigits: spec.digits?.upperBound,
                                                countryLengths: spec.countryLengths) } catch {
                throw PolicyError(source: "pattern \(spec.name)", reason: "PCRE2: \(error)")
            }
            var first: [UInt8] = []
            for t in spec.triggers where !t.isEmpty {
                for b in [t[0], asciiUpper(t[0])] where !first.contains(b) { first.append(b) }
            }
            detectors.append(Detector(spec: spec, regex: regex, kind: kindID(spec.kind), triggerFirstBytes: first))
        }
        self.kinds = kinds
        self.tokens = kinds.map { Array("[REDACTED:\($0)]".utf8) }
        self.keys = keys
        self.maxKeyLength = keys.map(\.count).max() ?? 0
        self.rulesByKey = byKey
        self.wildcardRules = wild
        self.rules = rules
        self.parentKeys = parents
        self.nonPersonTypes = nonPerson
        self.phoneKeyWords = policy.phoneKeyWords.map { Array($0.lowercased().utf8) }
        self.detectors = detectors
    }

    /// The key id of `key` bytes, or `unknownKey`.
    @inline(__always)
    func keyID(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let n = end - start
        if n == 0 || n > maxKeyLength { return Self.unknownKey }
        for (i, k) in keys.enumerated() where k.count == n && k[0] == p[start] {
            var same = true
            for j in 1..<n where k[j] != p[start + j] { same = false; break }
            if same { return Int32(i) }
        }
        return Self.unknownKey
    }

    /// Whether the key bytes contain one of the phone key words (ASCII case-insensitive).
    func isPhoneKey(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        for w in phoneKeyWords where end - start >= w.count {
            var i = start
            while i + w.count <= end {
                var j = 0
                while j < w.count && asciiLower(p[i + j]) == w[j] { j += 1 }
                if j == w.count { return true }
                i += 1
            }
        }
        return false
    }
}

@inline(__always) func asciiLower(_ b: UInt8) -> UInt8 { (b &- 65) < 26 ? b | 0x20 : b }
@inline(__always) func asciiUpper(_ b: UInt8) -> UInt8 { (b &- 97) < 26 ? b & ~0x20 : b }
