#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the secret of a pseudonym key comes from: a file or an environment variable, never a
/// command-line argument (it would show in `ps` and shell history).
public enum PseudonymKeySource: Sendable, Equatable {
    /// A file holding the secret (trailing white space and newlines are not part of it).
    case file(String)
    /// An environment variable holding the secret.
    case environment(String)

    /// Reads the secret and makes the key. Errors name the file or variable, never the secret.
    public func load(id: String?, length: Int = 12) throws(PolicyError) -> PseudonymKey {
        var secret: [UInt8]
        let what: String
        switch self {
        case .file(let path):
            what = "pseudonym key file \(path)"
            secret = try PolicyFile.readFile(path, what: what)
        case .environment(let name):
            what = "pseudonym key variable \(name)"
            guard let v = getenv(name) else { throw PolicyError(source: what, reason: "not set") }
            secret = Array(String(cString: v).utf8)
        }
        while let last = secret.last, last == 10 || last == 13 || last == 32 || last == 9 { secret.removeLast() }
        do { return try PseudonymKey(id: id, secret: secret, length: length) } catch {
            throw PolicyError(source: what, reason: error.reason)
        }
    }
}

/// A policy file (JSON, see docs/policy.md), loaded and checked: every mistake is reported with the
/// file, the line and the reason before any input is read.
///
/// ```swift
/// let plan = try RedactionPlan(policy: PolicyFile.load("redact-policy.json").resolved())
/// ```
public struct PolicyFile: Sendable {
    /// The policy, without its pseudonym key (see `resolved`).
    public var policy: RedactionPolicy
    /// `pseudonym.key_id`: the key id written into pseudonyms.
    public var pseudonymKeyID: String?
    /// `pseudonym.key_file` or `key_env`: where the key comes from (loaded by `resolved`).
    public var pseudonymKeySource: PseudonymKeySource?
    /// `pseudonym.length`: hex digits kept in a pseudonym.
    public var pseudonymLength = 12
    /// The file's name, for errors.
    public var file: String

    /// A policy that did not come from a file (`file` names it in errors).
    public init(policy: RedactionPolicy, file: String) {
        self.policy = policy
        self.file = file
    }

    /// Whether some rule or kind of the policy uses the pseudonym action (so it needs a key).
    public var usesPseudonyms: Bool {
        policy.defaultAction == .pseudonym || policy.kindActions.values.contains(.pseudonym)
            || policy.fieldRules.contains { $0.action == .pseudonym }
    }

    /// The policy with its pseudonym key loaded. `keySource` and `keyID` override the file's.
    public func resolved(keySource: PseudonymKeySource? = nil, keyID: String? = nil) throws(PolicyError) -> RedactionPolicy {
        var p = policy
        if let source = keySource ?? pseudonymKeySource {
            p.pseudonymKey = try source.load(id: keyID ?? pseudonymKeyID, length: pseudonymLength)
        } else if usesPseudonyms {
            throw PolicyError(source: file, reason: "action pseudonym: needs a key (pseudonym.key_file or key_env in the policy, or --key-file or --key-env)")
        }
        return p
    }

    /// Loads and checks the policy file at `path`.
    public static func load(_ path: String) throws(PolicyError) -> PolicyFile {
        let bytes = try readFile(path, what: "policy file \(path)")
        return try parse(String(decoding: bytes, as: UTF8.self), file: path, directory: directory(of: path))
    }

    /// Parses policy text. `file` names it in errors; relative paths in it are taken from `directory`.
    public static func parse(_ text: String, file: String, directory: String = ".") throws(PolicyError) -> PolicyFile {
        let root: PolicyJSON
        do { root = try PolicyJSON.parse(text) } catch {
            throw PolicyError(source: "\(file):\(error.line)", reason: "column \(error.column): \(error.reason)")
        }
        var r = Reader(file: file, directory: directory)
        return try r.policyFile(root)
    }

    /// Loads every `*.pcre2` file of `directory` (in name order), compiles each pattern and runs its
    /// examples. Errors give the pattern file, the line and the reason (for a pattern that does not
    /// compile, the PCRE2 message and the offset in the pattern).
    public static func loadPatterns(directory: String) throws(PolicyError) -> [DetectorSpec] {
        var specs: [DetectorSpec] = []
        for (name, path) in try patternFiles(directory: directory) {
            let text = String(decoding: try readFile(path, what: "pattern file \(path)"), as: UTF8.self)
            specs.append(try checkPattern(text, name: name, path: path))
        }
        return specs
    }

    /// The `*.pcre2` files of `directory` (not hidden ones), in name order: (name, path).
    static func patternFiles(directory: String) throws(PolicyError) -> [(name: String, path: String)] {
        guard let dir = opendir(directory) else {
            throw PolicyError(source: "patterns directory \(directory)", reason: "cannot open: \(String(cString: strerror(errno)))")
        }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name.hasSuffix(".pcre2") && !name.hasPrefix(".") { names.append(name) }
        }
        closedir(dir)
        return names.sorted().map { ($0, directory.hasSuffix("/") ? directory + $0 : directory + "/" + $0) }
    }

    /// Parses one pattern file, compiles it and runs its examples (`PatternCheck`): a file whose
    /// own examples fail is refused, naming the first failing example's line (never its text).
    public static func checkPattern(_ text: String, name: String, path: String) throws(PolicyError) -> DetectorSpec {
        let result = try PatternCheck.check(text: text, name: name, path: path)
        if let f = result.failures.first {
            let what = f.kind == .positive ? "positive example is not matched as marked" : "negative example is matched"
            throw PolicyError(source: "\(path):\(f.line)", reason: "\(what) (redact --check-patterns shows the spans)")
        }
        return result.spec
    }

    // MARK: - Files

    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func resolve(_ path: String, in directory: String) -> String {
        path.hasPrefix("/") || directory == "." ? path : directory + "/" + path
    }

    /// Reads a whole (small) file. Errors name `what` and the system's reason.
    static func readFile(_ path: String, what: String) throws(PolicyError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw PolicyError(source: what, reason: "cannot open: \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        var out: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PolicyError(source: what, reason: "cannot read: \(String(cString: strerror(errno)))")
            }
            if n == 0 { return out }
            out.append(contentsOf: buffer[0..<n])
            guard out.count <= 16 << 20 else { throw PolicyError(source: what, reason: "larger than 16 MiB") }
        }
    }
}

extension RedactionAction {
    /// Parses `token`, `pseudonym`, `partial` (4 digits), `partial:N`, `remove`.
    public init?(name: String) {
        switch name {
        case "token": self = .token
        case "pseudonym": self = .pseudonym
        case "partial": self = .partial(keep: 4)
        case "remove": self = .remove
        default:
            guard name.hasPrefix("partial:"), let n = Int(name.dropFirst(8)), (0...12).contains(n) else { return nil }
            self = .partial(keep: n)
        }
    }
}

extension RedactionPlan {
    /// Loads a policy file (with its pseudonym key, if it names one) and compiles it.
    public convenience init(policyFile path: String) throws(PolicyError) {
        try self.init(policy: PolicyFile.load(path).resolved())
    }
}

/// Reads a policy document into a `PolicyFile`, naming the line of every mistake.
private struct Reader {
    let file: String
    let directory: String

    func fail(_ node: PolicyJSON, _ reason: String) -> PolicyError {
        PolicyError(source: "\(file):\(node.line)", reason: reason)
    }

    func object(_ node: PolicyJSON, _ what: String, allowed: [String]) throws(PolicyError) -> [(key: String, value: PolicyJSON)] {
        guard case .object(let members) = node.value else { throw fail(node, "\(what) must be an object, not \(node.typeName)") }
        for m in members where !allowed.contains(m.key) {
            throw fail(m.value, "unknown key '\(m.key)' in \(what) (expected one of: \(allowed.joined(separator: ", ")))")
        }
        return members
    }

    func string(_ node: PolicyJSON, _ what: String) throws(PolicyError) -> String {
        guard case .string(let s) = node.value else { throw fail(node, "\(what) must be a string, not \(node.typeName)") }
        return s
    }

    func bool(_ node: PolicyJSON, _ what: String) throws(PolicyError) -> Bool {
        guard case .bool(let b) = node.value else { throw fail(node, "\(what) must be true or false, not \(node.typeName)") }
        return b
    }

    func int(_ node: PolicyJSON, _ what: String, _ range: ClosedRange<Int>) throws(PolicyError) -> Int {
        guard case .number(let d) = node.value, d.rounded() == d, d >= Double(range.lowerBound), d <= Double(range.upperBound) else {
            throw fail(node, "\(what) must be a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return Int(d)
    }

    func array(_ node: PolicyJSON, _ what: String) throws(PolicyError) -> [PolicyJSON] {
        guard case .array(let items) = node.value else { throw fail(node, "\(what) must be an array, not \(node.typeName)") }
        return items
    }

    func strings(_ node: PolicyJSON, _ what: String) throws(PolicyError) -> [String] {
        var out: [String] = []
        for item in try array(node, what) { out.append(try string(item, "each item of \(what)")) }
        return out
    }

    /// A path: `"a.b.c"` or `["a", "b.c"]` (for keys with dots). Segments `*` and `**`.
    func path(_ node: PolicyJSON, _ what: String) throws(PolicyError) -> [String] {
        let segments: [String]
        if case .array = node.value {
            segments = try strings(node, what)
        } else {
            segments = try string(node, what).split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        }
        guard !segments.isEmpty, !segments.contains(where: \.isEmpty) else { throw fail(node, "\(what): empty path or empty segment") }
        guard segments.contains(where: { $0 != "**" }), segments.last != "**" else { throw fail(node, "\(what): a path cannot end in '**'") }
        for s in segments where s.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 < 0x20 }) {
            throw fail(node, "\(what): a key cannot hold a quote, backslash or control character")
        }
        return segments
    }

    func action(_ node: PolicyJSON, keep: PolicyJSON?, _ what: String) throws(PolicyError) -> RedactionAction {
        let name = try string(node, what)
        guard var a = RedactionAction(name: name) else {
            throw fail(node, "\(what): unknown action '\(name)' (expected token, pseudonym, partial, partial:N or remove)")
        }
        if let keep {
            guard case .partial = a else { throw fail(keep, "'keep' goes with the action partial") }
            a = .partial(keep: try int(keep, "keep", 0...12))
        }
        return a
    }

    func kind(_ node: PolicyJSON, _ what: String) throws(PolicyError) -> String {
        let k = try string(node, what)
        guard !k.isEmpty, k.utf8.count <= 64, k.utf8.allSatisfy({ (($0 | 0x20) &- 97) < 26 || ($0 &- 48) < 10 || $0 == 95 || $0 == 45 || $0 == 46 }) else {
            throw fail(node, "\(what) must be 1 to 64 letters, digits, '_', '-' or '.'")
        }
        return k
    }

    mutating func policyFile(_ root: PolicyJSON) throws(PolicyError) -> PolicyFile {
        let top = try object(root, "the policy", allowed: [
            "extends", "action", "kinds", "fields", "exclude_fields", "patterns", "builtin_patterns", "allowlist",
            "allowlist_kind", "pseudonym", "phone_key_words", "logfmt_keys", "description",
        ])
        func member(_ k: String) -> PolicyJSON? { top.first { $0.key == k }?.value }

        var extendsIntercom = true
        if let e = member("extends") {
            switch try string(e, "extends") {
            case "intercom": extendsIntercom = true
            case "none": extendsIntercom = false
            default: throw fail(e, "extends must be \"intercom\" (the built-in profile, the default) or \"none\"")
            }
        }
        var policy = extendsIntercom ? RedactionPolicy.intercom : RedactionPolicy(fieldRules: [], detectors: [])

        if let a = member("action") { policy.defaultAction = try action(a, keep: nil, "action") }
        if let kinds = member("kinds") {
            guard case .object(let members) = kinds.value else { throw fail(kinds, "kinds must be an object of kind: action") }
            for (k, v) in members {
                _ = try kind(PolicyJSON(value: .string(k), line: v.line), "kind '\(k)'")
                if case .object = v.value {
                    let o = try object(v, "kinds.\(k)", allowed: ["action", "keep"])
                    guard let a = o.first(where: { $0.key == "action" })?.value else { throw fail(v, "kinds.\(k) needs an action") }
                    policy.kindActions[k] = try action(a, keep: o.first { $0.key == "keep" }?.value, "kinds.\(k)")
                } else {
                    policy.kindActions[k] = try action(v, keep: nil, "kinds.\(k)")
                }
            }
        }

        if let ex = member("exclude_fields") {
            for item in try array(ex, "exclude_fields") {
                let p = try path(item, "exclude_fields item")
                guard policy.fieldRules.contains(where: { $0.path == p }) else {
                    throw fail(item, "exclude_fields: no built-in field rule has the path '\(p.joined(separator: "."))'")
                }
                policy.fieldRules.removeAll { $0.path == p }
            }
        }
        if let fields = member("fields") {
            var rules: [FieldRule] = []
            var paths = Set<[String]>()   // without a leading `**`, which says nothing more
            for (i, item) in try array(fields, "fields").enumerated() {
                let what = "fields[\(i)]"
                let o = try object(item, what, allowed: ["path", "kind", "action", "keep", "except_when_type_is", "except_under"])
                func m(_ k: String) -> PolicyJSON? { o.first { $0.key == k }?.value }
                guard let pathNode = m("path") else { throw fail(item, "\(what) needs a path") }
                let p = try path(pathNode, "\(what).path")
                let k: String
                if let kn = m("kind") { k = try kind(kn, "\(what).kind") } else {
                    // By default the kind is the last key named in the path.
                    guard let last = p.last(where: { $0 != "*" && $0 != "**" }) else {
                        throw fail(item, "\(what) needs a kind (its path names no key)")
                    }
                    k = try kind(PolicyJSON(value: .string(last), line: pathNode.line), "\(what).kind (from the path; set kind)")
                }
                var rule = FieldRule(path: p, kind: k)
                if let a = m("action") { rule.action = try action(a, keep: m("keep"), "\(what).action") }
                else if let keep = m("keep") { throw fail(keep, "'keep' goes with the action partial") }
                if let t = m("except_when_type_is") { rule.exceptWhenTypeIs = try strings(t, "\(what).except_when_type_is") }
                if let u = m("except_under") {
                    rule.exceptUnder = try strings(u, "\(what).except_under")
                    if rule.exceptUnder.contains(where: { $0.isEmpty || $0.contains(".") }) {
                        throw fail(u, "\(what).except_under: keys, each without a dot")
                    }
                }
                // A set, not a search of the rules so far: that made a big policy quadratic.
                guard paths.insert(Array(rule.path.drop(while: { $0 == "**" }))).inserted else {
                    throw fail(item, "\(what): another rule has the same path")
                }
                rules.append(rule)
            }
            // The file's rules come first (the first matching rule decides) and replace built-in rules
            // with the same path.
            policy.fieldRules = rules + policy.fieldRules.filter { !paths.contains($0.path) }
        }

        var detectors = policy.detectors
        if let b = member("builtin_patterns"), try !bool(b, "builtin_patterns") { detectors = [] }
        if let d = member("patterns") {
            let dir = PolicyFile.resolve(try string(d, "patterns"), in: directory)
            let extra: [DetectorSpec]
            do { extra = try PolicyFile.loadPatterns(directory: dir) } catch {
                if error.source.hasPrefix("patterns directory") { throw fail(d, "\(error.source): \(error.reason)") }
                throw error
            }
            // A file with the name of a built-in pattern replaces it.
            detectors = detectors.filter { s in !extra.contains { $0.name == s.name } } + extra
        }
        policy.detectors = detectors

        if let a = member("allowlist") {
            var paths: [[String]] = []
            for item in try array(a, "allowlist") { paths.append(try path(item, "allowlist item")) }
            policy.allowlist = paths
        }
        if let k = member("allowlist_kind") { policy.allowlistKind = try kind(k, "allowlist_kind") }
        if let w = member("phone_key_words") { policy.phoneKeyWords = try strings(w, "phone_key_words") }
        if let l = member("logfmt_keys") { policy.logfmtKeys = try bool(l, "logfmt_keys") }

        var result = PolicyFile(policy: policy, file: file)
        if let ps = member("pseudonym") {
            let o = try object(ps, "pseudonym", allowed: ["key_id", "key_file", "key_env", "length"])
            for (k, v) in o {
                switch k {
                case "key_id":
                    let id = try string(v, "pseudonym.key_id")
                    do { _ = try PseudonymKey(id: id, secret: [UInt8](repeating: 0, count: 32)) } catch { throw fail(v, "pseudonym.key_id: \(error.reason)") }
                    result.pseudonymKeyID = id
                case "key_file":
                    guard result.pseudonymKeySource == nil else { throw fail(v, "give key_file or key_env, not both") }
                    result.pseudonymKeySource = .file(PolicyFile.resolve(try string(v, "pseudonym.key_file"), in: directory))
                case "key_env":
                    guard result.pseudonymKeySource == nil else { throw fail(v, "give key_file or key_env, not both") }
                    result.pseudonymKeySource = .environment(try string(v, "pseudonym.key_env"))
                default:
                    result.pseudonymLength = try int(v, "pseudonym.length", 8...64)
                }
            }
        }

        // Compile it now, so that what only the compiler finds still names this file and a line.
        var check = policy
        if check.pseudonymKey == nil { check.pseudonymKey = try? PseudonymKey(id: "check", secret: [UInt8](repeating: 1, count: 32)) }
        do { _ = try RedactionPlan(policy: check) } catch {
            throw PolicyError(source: file, reason: "\(error.source): \(error.reason)")
        }
        return result
    }
}
