#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        /// The object types that lift the rule (`FieldRule.exceptWhenTypeIs`): bit i is
        /// `RedactionPlan.nonPersonTypes[i]`.
        var exceptTypes: UInt64 = 0
        /// The parents under which the rule does not apply (`FieldRule.exceptUnder`): bits of
        /// `RedactionPlan.parentBit(ofKey:)`.
        var exceptParents: UInt64 = 0
        /// Entry that removes the whole field (key, value, comma), or -1 (see `Entry`).
        var removeKind: Int32 = -1
        /// The path has a `**` segment (not leading): matched by `globMatches`.
        var hasGlobstar = false
    }

    /// How one rule or detector writes its redactions: every rule and every detector has its own
    /// entry, so each edit knows where it came from (for counts and reports). Indexed by the `kind`
    /// of an edit.
    struct Entry: Sendable {
        var kind: String
        var action: RedactionAction
        var origin: RedactionStats.Finding.Origin
        var name: String
    }

    /// A compiled detector. A class, so the hot loops hold one reference instead of copying a spec.
    final class Detector: Sendable {
        let spec: DetectorSpec
        let regex: CompiledRegex
        let kind: Int32
        /// First bytes of the literal triggers (lower-cased), for a quick scan.
        init(spec: DetectorSpec, regex: CompiledRegex, kind: Int32) {
            self.spec = spec; self.regex = regex; self.kind = kind
        }
    }

    /// The most rules and detectors a plan holds (each has an entry; see `Entry`).
    static let maxEntries = Int(Int16.max)
    static let tooManyEntries = PolicyError(source: "policy", reason: "more than \(maxEntries) rules and patterns")

    static let wildcard: Int32 = -3
    /// A `**` path segment: any number of keys.
    static let globstar: Int32 = -4
    /// Frame key for an anonymous container (array element, top level).
    static let anonymous: Int32 = -1
    /// Frame key for a key not mentioned by any rule.
    static let unknownKey: Int32 = -2
    /// Key ids of the keys named only in `exceptUnder` lists: `firstParentKey - i` for the i-th
    /// (below every other id, so that such a key is no trigger and selects no rule).
    static let firstParentKey: Int32 = -16

    public let policy: RedactionPolicy
    public var maxRecordSize: Int { policy.maxRecordSize }

    /// Kind names and their tokens, `[REDACTED:<kind>]`, indexed by entry id (see `Entry`).
    let kinds: [String]
    let tokens: [[UInt8]]
    let entries: [Entry]
    /// Entry i writes its plain token (the fast path); else `LineRedactor.renderAction`.
    let plainToken: [Bool]
    /// For pseudonym entries: `[<kind>:<key id>:`.
    let pseudonymPrefixes: [[UInt8]]
    let pseudonymKey: PseudonymKey?
    /// Allowlist mode: the allowed paths (as rules), and the entries for the values it redacts.
    let allowRules: [Rule]
    let allowlistMode: Bool
    let allowKind: Int32
    let allowRemoveKind: Int32
    let phoneRemoveKind: Int32
    /// Line numbers recorded per entry for reports (0: none).
    let reportLineLimit: Int
    /// Every key named in a rule (any segment), indexed by key id; plus `type`. Folded (`folded`):
    /// a key matches whatever its case and its `_` and `-` (`Email`, `ipAddress`, `IP_ADDRESS`).
    let keys: [[UInt8]]
    let typeKey: Int32
    /// `keys`, for look-ups of raw key bytes.
    let keyTable: FoldedKeyTable
    /// Rules grouped by the key id of their last segment; `wildcardRules` end in `*`.
    let rulesByKey: [[Int]]
    let wildcardRules: [Int]
    /// `!rulesByKey[k].isEmpty` and `!wildcardRules.isEmpty`, flat: the scanner asks for every key.
    let keyHasRules: [Bool]
    let hasWildcardRules: Bool
    /// Per key id, its first rule when that rule matches wherever the key is (one segment, no `**`,
    /// no types excepted), else -1: the scanner's answer for most redacted keys, without reading
    /// (and retaining) the rule.
    let anywhereRuleByKey: [Int32]
    let rules: [Rule]
    /// Keys that appear as a non-final path segment: a frame opened by one is worth carrying.
    let parentKeys: Set<Int32>
    /// The types of every rule's `exceptWhenTypeIs` list, each once (at most 64: a bit each).
    let nonPersonTypes: [[UInt8]]
    /// The keys of the `exceptUnder` lists (folded); bit i of a rule's `exceptParents` is the
    /// i-th. One the plan does not know otherwise has the id `firstParentKey - i`.
    let parentOnlyKeys: FoldedKeyTable
    /// Per key id, its bit in `exceptParents`, or 0.
    let parentBitOfKey: [UInt64]
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
        guard policy.maxRecordSize >= 64 && policy.maxRecordSize <= 1 << 30 else {
            throw PolicyError(source: "maxRecordSize", reason: "must be between 64 bytes and 1 GiB")
        }
        // Each rule and detector has an entry at least (the check below counts them all); this
        // one refuses a policy far too big before compiling it.
        guard policy.fieldRules.count + policy.detectors.count <= Self.maxEntries else { throw Self.tooManyEntries }
        self.policy = policy
        var entries: [Entry] = []
        func entry(_ kind: String, _ action: RedactionAction, _ origin: RedactionStats.Finding.Origin, _ name: String) -> Int32 {
            entries.append(Entry(kind: kind, action: action, origin: origin, name: name))
            return Int32(entries.count - 1)
        }
        /// The value entry and the removal entry (-1 unless the action is `.remove`) of a source.
        func entryPair(_ kind: String, _ action: RedactionAction, _ origin: RedactionStats.Finding.Origin,
                       _ name: String) -> (Int32, Int32) {
            if action == .remove { return (entry(kind, .token, origin, name), entry(kind, .remove, origin, name)) }
            return (entry(kind, action, origin, name), -1)
        }
        var keys: [[UInt8]] = []
        // Ids by folded key: a search of `keys` per path segment made a policy of 32,767 rules
        // quadratic (20 s to compile in a debug build).
        var idOfKey: [[UInt8]: Int32] = [:]
        func keyID(_ k: String) -> Int32 {
            let b = Self.folded(Array(k.utf8))
            if let i = idOfKey[b] { return i }
            keys.append(b)
            idOfKey[b] = Int32(keys.count - 1)
            return Int32(keys.count - 1)
        }
        var rules: [Rule] = []
        var parents = Set<Int32>()
        var nonPerson: [[UInt8]] = []
        var exceptKeys: [[UInt8]] = []
        func compilePath(_ path: [String], _ what: String) throws(PolicyError) -> (ids: [Int32], globstar: Bool) {
            // Paths match at any depth, so a leading `**` says nothing more.
            let path = Array(path.drop(while: { $0 == "**" }))
            guard !path.isEmpty, path.last != "**",
                  !path.contains(where: { $0.isEmpty || $0.utf8.contains(UInt8(ascii: "\"")) || $0.utf8.contains(UInt8(ascii: "\\")) }) else {
                throw PolicyError(source: what, reason: "empty path segment, path ending in '**', or quote or backslash in a key")
            }
            let ids = path.map { $0 == "*" ? Self.wildcard : $0 == "**" ? Self.globstar : keyID($0) }
            for id in ids.dropLast() where id >= 0 { parents.insert(id) }
            return (ids, ids.contains(Self.globstar))
        }
        var needsKey = false
        func checkAction(_ a: RedactionAction, _ what: String) throws(PolicyError) {
            if a == .pseudonym { needsKey = true }
            if case .partial(let keep) = a, !(0...12).contains(keep) {
                throw PolicyError(source: what, reason: "partial keeps 0 to 12 digits")
            }
        }
        try checkAction(policy.defaultAction, "default action")
        for (k, a) in policy.kindActions { try checkAction(a, "action of kind '\(k)'") }
        for r in policy.fieldRules {
            let what = "field rule '\(r.pathString)'"
            let (ids, glob) = try compilePath(r.path, what)
            guard !r.kind.isEmpty else { throw PolicyError(source: what, reason: "empty kind") }
            var types: UInt64 = 0
            for t in r.exceptWhenTypeIs.map({ Array($0.utf8) }) {
                let i = nonPerson.firstIndex(of: t) ?? nonPerson.count
                guard i < 64 else {
                    throw PolicyError(source: what, reason: "more than 64 types in the except_when_type_is lists")
                }
                if i == nonPerson.count { nonPerson.append(t) }
                types |= 1 << UInt64(i)
            }
            let action = r.action ?? policy.action(forKind: r.kind)
            try checkAction(action, what)
            let (kind, removeKind) = entryPair(r.kind, action, .field, r.pathString)
            rules.append(Rule(reversedPath: ids.reversed(), kind: kind, fieldName: r.pathString, exceptTypes: types,
                              removeKind: removeKind, hasGlobstar: glob))
            for k in r.exceptUnder {
                guard !k.isEmpty, !k.utf8.contains(UInt8(ascii: ".")) else {
                    throw PolicyError(source: what, reason: "empty key or a dot in except_under")
                }
                let b = Self.folded(Array(k.utf8))
                if !exceptKeys.contains(b) { exceptKeys.append(b) }
                guard exceptKeys.count <= 64 else {
                    throw PolicyError(source: what, reason: "more than 64 keys in the except_under lists")
                }
                rules[rules.count - 1].exceptParents |= 1 << UInt64(exceptKeys.firstIndex(of: b)!)
            }
        }
        var allowRules: [Rule] = []
        for path in policy.allowlist ?? [] {
            let what = "allowlist path '\(path.joined(separator: "."))'"
            let (ids, glob) = try compilePath(path, what)
            allowRules.append(Rule(reversedPath: ids.reversed(), kind: -1, fieldName: path.joined(separator: "."),
                                   hasGlobstar: glob))
        }
        typeKey = keyID("type")
        var byKey = [[Int]](repeating: [], count: keys.count)
        var wild: [Int] = []
        for (i, r) in rules.enumerated() {
            if r.reversedPath[0] == Self.wildcard { wild.append(i) } else { byKey[Int(r.reversedPath[0])].append(i) }
        }
        let phoneAction = policy.action(forKind: "phone")
        try checkAction(phoneAction, "action of kind 'phone'")
        (phoneKind, phoneRemoveKind) = entryPair("phone", phoneAction, .phoneKey, "(phone-like key)")
        if policy.allowlist != nil {
            let a = policy.action(forKind: policy.allowlistKind)
            try checkAction(a, "allowlist")
            (allowKind, allowRemoveKind) = entryPair(policy.allowlistKind, a, .allowlist, "(not allowlisted)")
        } else {
            (allowKind, allowRemoveKind) = (-1, -1)
        }
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
            var action = policy.action(forKind: spec.kind)
            if action == .remove { action = .token }  // nothing to remove in free text: the token
            try checkAction(action, "pattern \(spec.name)")
            let name = spec.name.hasSuffix(".pcre2") ? String(spec.name.dropLast(6)) : spec.name
            detectors.append(Detector(spec: spec, regex: regex, kind: entry(spec.kind, action, .detector, name)))
        }
        if needsKey && policy.pseudonymKey == nil {
            throw PolicyError(source: "action pseudonym", reason: "needs a key (--key-file or --key-env, or pseudonym.key_file or key_env in the policy)")
        }
        // An edit keeps its entry in 16 bits (`Edit`).
        guard entries.count <= Self.maxEntries else { throw Self.tooManyEntries }
        self.entries = entries
        self.kinds = entries.map(\.kind)
        self.tokens = kinds.map { Array("[REDACTED:\($0)]".utf8) }
        self.plainToken = entries.map { $0.action == .token }
        let keyID = policy.pseudonymKey?.id ?? ""
        self.pseudonymPrefixes = entries.map { $0.action == .pseudonym ? Array("[\($0.kind):\(keyID):".utf8) : [] }
        self.pseudonymKey = policy.pseudonymKey
        self.allowRules = allowRules
        self.allowlistMode = policy.allowlist != nil
        self.reportLineLimit = max(0, policy.reportLineLimit)
        self.keys = keys
        self.keyTable = FoldedKeyTable(keys)
        self.rulesByKey = byKey
        self.wildcardRules = wild
        self.keyHasRules = byKey.map { !$0.isEmpty }
        self.anywhereRuleByKey = byKey.map { list in
            guard let r = list.first else { return -1 }
            let rule = rules[r]
            return rule.reversedPath.count == 1 && !rule.hasGlobstar && rule.exceptTypes == 0 && rule.exceptParents == 0
                ? Int32(r) : -1
        }
        self.hasWildcardRules = !wild.isEmpty
        self.rules = rules
        self.parentKeys = parents
        self.nonPersonTypes = nonPerson
        self.parentOnlyKeys = FoldedKeyTable(exceptKeys)
        self.parentBitOfKey = keys.map { k in exceptKeys.firstIndex(of: k).map { 1 << UInt64($0) } ?? 0 }
        self.phoneKeyWords = policy.phoneKeyWords.map { Array($0.lowercased().utf8) }
        self.detectors = detectors
    }

    @inline(__always)
    static func keyHash(_ n: Int, _ first: UInt8, _ last: UInt8) -> Int {
        (n &* 0x9E37 ^ Int(first) &* 0x85EB ^ Int(last) &* 0xC2B2) >> 3
    }

    /// How many bytes a key may have beyond its folded form (`_` and `-`): a gate on raw lengths.
    static let maxKeySeparators = 3

    /// A key as the plan compares it: ASCII letters in lower case, without `_` and `-`. Services
    /// log the same fields under their languages' names: `Email` (Go's `%+v`, .NET's JSON),
    /// `ipAddress` (JavaScript), `IP_ADDRESS`: all are `ip_address`'s.
    static func folded(_ key: [UInt8]) -> [UInt8] {
        key.compactMap { $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") ? nil : asciiLower($0) }
    }

    /// The key id of `key` bytes (folded), or `unknownKey`. Called once per distinct key (the
    /// scanner's `KeyMemo` keeps the answers).
    func keyID(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let i = keyTable.index(p, start, end)
        return i >= 0 ? i : Self.unknownKey
    }

    /// The id of a key named only in an `exceptUnder` list (`firstParentKey - i`), or `unknownKey`.
    func parentOnlyKeyID(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let i = parentOnlyKeys.index(p, start, end)
        return i >= 0 ? Self.firstParentKey - i : Self.unknownKey
    }

    /// `keyID`, or for a key named only in `exceptUnder` lists its id there (`parentOnlyKeyID`).
    func keyOrParentID(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let id = keyID(p, start, end)
        return id == Self.unknownKey ? parentOnlyKeyID(p, start, end) : id
    }

    /// The bit of the key with id `key` in the rules' `exceptParents` (0: in no list).
    @inline(__always)
    func parentBit(ofKey key: Int32) -> UInt64 {
        key >= 0 ? parentBitOfKey[Int(key)] : key <= Self.firstParentKey ? 1 << UInt64(Self.firstParentKey - key) : 0
    }

    /// The last segment of a flattened key (`user.name`, `contact.location.city`): the bytes after
    /// its last dot, or nil if it has no dot before its last byte. (A dot may start the key: the
    /// cheap pass looks at most 65 bytes back from a colon, and the window of a longer key may
    /// start with one.)
    static func lastSegment(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int? {
        guard end - start >= 2 else { return nil }
        var dot = end - 1
        while dot > start && p[dot] != 0x2E { dot -= 1 }
        return p[dot] == 0x2E && dot + 1 < end ? dot + 1 : nil
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

/// Folded keys (`RedactionPlan.folded`) and a hash table of them, for look-ups of raw key bytes.
struct FoldedKeyTable: Sendable {
    let keys: [[UInt8]]
    let maxLength: Int
    /// Open addressing, at most half full (see `RedactionPlan.keyHash`): slot -> index, or -1.
    private let table: [Int32]

    init(_ keys: [[UInt8]]) {
        self.keys = keys
        maxLength = keys.map(\.count).max() ?? 0
        var size = 16
        while size < 2 * keys.count { size *= 2 }
        var table = [Int32](repeating: -1, count: size)
        for (i, k) in keys.enumerated() where !k.isEmpty {
            var h = RedactionPlan.keyHash(k.count, k[0], k[k.count - 1]) & (size - 1)
            while table[h] >= 0 { h = (h + 1) & (size - 1) }
            table[h] = Int32(i)
        }
        self.table = table
    }

    /// The index of the key `p[start..<end]` once folded, or -1.
    func index(_ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int) -> Int32 {
        let limit = maxLength + RedactionPlan.maxKeySeparators
        guard end > start && end - start <= limit else { return -1 }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: limit) { f in
            var n = 0
            for i in start..<end where p[i] != UInt8(ascii: "_") && p[i] != UInt8(ascii: "-") {
                f[n] = asciiLower(p[i])
                n += 1
            }
            guard n > 0 && n <= maxLength else { return -1 }
            return table.withUnsafeBufferPointer { table in
                let mask = table.count - 1
                var h = RedactionPlan.keyHash(n, f[0], f[n - 1]) & mask
                while true {
                    let id = table[h]
                    if id < 0 { return -1 }
                    let same = keys[Int(id)].withUnsafeBufferPointer { k in
                        k.count == n && memcmp(k.baseAddress!, f.baseAddress!, n) == 0
                    }
                    if same { return id }
                    h = (h + 1) & mask
                }
            }
        }
    }
}
