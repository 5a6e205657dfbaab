// Conveniences for services that call the engine in-process: structured values (log metadata,
// dictionaries) and chunk-in, bytes-out streaming. The one-call text and byte APIs are
// `RedactionPlan.redact(_:)` and `redact(bytes:)` (StreamRedactor.swift).

/// What the policy does with the value of a key path outside a JSON text (log metadata, a
/// dictionary): keep it (then run the detectors on it), replace it, or remove the key.
public enum FieldRedaction: Sendable, Equatable {
    /// No field rule applies: keep the key (and run the value detectors on the value).
    case keep
    /// A field rule applies: the replacement (token, pseudonym or partial mask).
    case replace(String)
    /// A field rule with the action `remove` applies: drop the key.
    case remove
}

extension RedactionPlan {
    /// Applies the field rules to a value at `path` (`["user", "email"]`; arrays are transparent, as
    /// in JSON): what a JSON field with that path and value would become. `value` is the value's
    /// text (for a dictionary or array, its description: what a pseudonym is computed from).
    /// `isString` tells allowlist mode whether this is a string value (only those are redacted).
    ///
    /// Type exceptions (`exceptWhenTypeIs`) do not apply: there is no `type` to look at, so the
    /// rule redacts (fail closed).
    public func redactField(path: [String], value: String, isString: Bool = true) -> FieldRedaction {
        guard let last = path.last else { return .keep }
        func id(_ k: Substring) -> Int32 {
            let b = Array(k.utf8)
            guard !b.isEmpty else { return Self.unknownKey }
            return b.withUnsafeBufferPointer { keyOrParentID($0.baseAddress!, 0, b.count) }
        }
        // A key the plan does not know is read as a flattened path if it has dots (`user.name`), as
        // in JSON; array indices in it (`contacts.0.name`) are transparent.
        var ids: [Int32] = []
        for k in path {
            let whole = id(Substring(k))
            guard whole == Self.unknownKey, k.contains(".") else { ids.append(whole); continue }
            for segment in k.split(separator: ".") where !segment.utf8.allSatisfy({ $0 &- 48 < 10 }) { ids.append(id(segment)) }
        }
        guard !ids.isEmpty else { return .keep }
        var entry: Int32 = -1, removeEntry: Int32 = -1
        // The first key of the path with a rule decides, as a container's rule does in JSON
        // (`location.city` is `location`'s).
        search: for end in ids.indices {
            for rule in rules where Self.pathMatches(rule.reversedPath, 0, ids, end)
                && !(end > 0 && rule.exceptParents & parentBit(ofKey: ids[end - 1]) != 0) {
                entry = rule.kind
                removeEntry = rule.removeKind
                break search
            }
        }
        if entry < 0 {
            let lastBytes = Array(last.utf8)
            let phoneKey = !path.isEmpty && lastBytes.withUnsafeBufferPointer { isPhoneKey($0.baseAddress!, 0, lastBytes.count) }
            let valueBytes = Array(value.utf8)
            if phoneKey && PseudonymNormaliser.isPhoneShaped(valueBytes, 0, valueBytes.count) {
                entry = phoneKind; removeEntry = phoneRemoveKind
            } else if allowlistMode && isString && !allowRules.contains(where: { Self.pathMatches($0.reversedPath, 0, ids, ids.count - 1) }) {
                entry = allowKind; removeEntry = allowRemoveKind
            } else {
                return .keep
            }
        }
        if removeEntry >= 0 { return .remove }
        if plainToken[Int(entry)] { return .replace(String(decoding: tokens[Int(entry)], as: UTF8.self)) }
        var redactor = LineRedactor(plan: self)
        var out: [UInt8] = []
        let bytes = Array(value.utf8)
        bytes.withUnsafeBufferPointer { b in
            let base = b.baseAddress ?? UnsafePointer(bitPattern: 1)!
            redactor.renderAction(Edit(start: 0, end: b.count, kind: entry, quoteLevel: -1), base, into: &out)
        }
        return .replace(String(decoding: out, as: UTF8.self))
    }

    /// Whether reversed path `rp[i...]` matches `keys[...k]` read backwards (suffix match, `*` one
    /// key, `**` any number of keys).
    static func pathMatches(_ rp: [Int32], _ i: Int, _ keys: [Int32], _ k: Int) -> Bool {
        if i == rp.count { return true }
        let seg = rp[i]
        if seg == globstar {
            var j = k
            while j >= -1 {
                if pathMatches(rp, i + 1, keys, j) { return true }
                j -= 1
            }
            return false
        }
        guard k >= 0, seg == wildcard || seg == keys[k] else { return false }
        return pathMatches(rp, i + 1, keys, k - 1)
    }
}

extension StreamRedactor {
    /// Redacts what `chunk` completes and returns it; an unfinished last line is held back until a
    /// later chunk or `finish()` completes it.
    public mutating func redact(_ chunk: some Collection<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        let bytes = Array(chunk)
        bytes.withUnsafeBytes { feed($0, into: &out) }
        return out
    }

    /// End of input: the redacted unfinished last line, if any.
    public mutating func finish() -> [UInt8] {
        var out: [UInt8] = []
        finish(into: &out)
        return out
    }
}
