// Actions other than the token (pseudonym, partial, remove), allowlist mode, `**` paths and report
// line numbers: the parts of the scanner that only run when a policy asks for them. The token path
// in `LineRedactor.flushEdits` never calls into this file; everything here runs per edit (never per
// line) and reuses the redactor's buffers.

extension LineRedactor {
    // MARK: - Rendering

    /// Writes the replacement of `e` for an entry whose action is not the plain token.
    @inline(never)
    mutating func renderAction(_ e: Edit, _ p: UnsafePointer<UInt8>, into out: inout [UInt8]) {
        let k = Int(e.kind)
        let entry = plan.entries[k]
        switch entry.action {
        case .remove:
            return
        case .token:
            wrap(e, &out) { out in out.append(contentsOf: plan.tokens[k]) }
        case .pseudonym:
            PseudonymNormaliser.normalise(p, e.start, e.end, into: &actionScratch, scratch: &actionScratch2)
            let key = plan.pseudonymKey!
            let prefix = plan.pseudonymPrefixes[k]
            let code = actionScratch
            wrap(e, &out) { out in
                out.append(contentsOf: prefix)
                key.appendCode(kind: entry.kind, normalised: code, to: &out)
                out.append(UInt8(ascii: "]"))
            }
        case .partial(let keep):
            PseudonymNormaliser.normalise(p, e.start, e.end, into: &actionScratch, scratch: &actionScratch2)
            let v = actionScratch
            if let at = v.lastIndex(of: UInt8(ascii: "@")) {
                // Keep the domain; only characters that are safe in any context (a JSON string at any
                // escape level, a URL, HTML).
                let domain = v[(at + 1)...].filter { ($0 &- 97) < 26 || ($0 &- 48) < 10 || $0 == 45 || $0 == 46 || $0 >= 0x80 }
                if !domain.isEmpty {
                    wrap(e, &out) { out in
                        out.append(contentsOf: [42, 42, 42, 64])  // ***@
                        out.append(contentsOf: domain)
                    }
                    return
                }
            } else if PseudonymNormaliser.isPhoneShaped(v, 0, v.count) {
                let digits = v.filter { ($0 &- 48) < 10 }
                let n = min(keep, digits.count / 2)
                wrap(e, &out) { out in
                    out.append(contentsOf: [42, 42, 42])  // ***
                    out.append(contentsOf: digits.suffix(n))
                }
                return
            }
            wrap(e, &out) { out in out.append(contentsOf: plan.tokens[k]) }
        }
    }

    /// Quotes a replacement of a non-string value (at the value's escape level), as the token is.
    @inline(__always)
    private func wrap(_ e: Edit, _ out: inout [UInt8], _ body: (inout [UInt8]) -> Void) {
        if e.quoteLevel >= 0 { appendQuote(level: Int(e.quoteLevel), &out) }
        body(&out)
        if e.quoteLevel >= 0 { appendQuote(level: Int(e.quoteLevel), &out) }
    }

    // MARK: - Removing a field

    /// Removes the member `"key": value` that starts at `keyStart` and whose value ends at
    /// `valueEnd`, with one adjacent comma so that the JSON stays valid: the comma after it (and the
    /// white space after that), or else the comma before it (merging with a removal just before),
    /// or nothing when it is the only member. Returns false (the caller writes the token) when the
    /// entry does not remove or the comma is not on this line.
    mutating func removeField(_ p: UnsafePointer<UInt8>, _ keyStart: Int, _ valueEnd: Int, _ e: Int, _ level: Int,
                              _ removeKind: Int32) -> Bool {
        guard removeKind >= 0 else { return false }
        // Detector edits inside the key's own text are covered by the removal.
        var keep = edits.count
        while keep > 0 && edits[keep - 1].start >= keyStart { keep -= 1 }
        let range: Range<Int>
        let after = Self.skipWhitespace(p, valueEnd, e, level)
        if after < e && p[after] == UInt8(ascii: ",") {
            if keep > 0 && edits[keep - 1].end > keyStart { return false }
            range = keyStart..<Self.skipWhitespace(p, after + 1, e, level)
        } else {
            // The last member: take the comma before it. Members removed just before this one (each
            // took the comma after it) go too, from the comma before the first of them.
            var start = keyStart
            var b = skipWhitespaceBack(p, keyStart, level)
            while keep > 0 && edits[keep - 1].end >= b {
                guard plan.entries[Int(edits[keep - 1].kind)].action == .remove else { return false }
                keep -= 1
                start = edits[keep].start
                b = skipWhitespaceBack(p, start, level)
            }
            guard b > lineStart else { return false }
            if p[b - 1] == UInt8(ascii: ",") {
                if keep > 0 && edits[keep - 1].end > b - 1 { return false }
                let spaced = skipWhitespaceBack(p, b - 1, level)
                range = (keep > 0 && edits[keep - 1].end > spaced ? b - 1 : spaced)..<valueEnd
            } else if p[b - 1] == UInt8(ascii: "{") {
                range = start..<valueEnd
            } else {
                return false
            }
        }
        edits.truncate(to: keep)
        edits.append(Edit(start: range.lowerBound, end: range.upperBound, kind: removeKind, quoteLevel: -1))
        return true
    }

    /// The start of the run of JSON white space (raw, or escaped at `level` > 0) that ends at `i`,
    /// not before the start of the line.
    private func skipWhitespaceBack(_ p: UnsafePointer<UInt8>, _ i: Int, _ level: Int) -> Int {
        var i = i
        while i > lineStart {
            let b = p[i - 1]
            if b == 32 || b == 9 || b == 13 { i -= 1; continue }
            if level > 0 && (b == UInt8(ascii: "n") || b == UInt8(ascii: "t") || b == UInt8(ascii: "r")) {
                let k = 1 << (level - 1)
                var q = i - 1
                while q > lineStart && p[q - 1] == UInt8(ascii: "\\") { q -= 1 }
                if i - 1 - q == k { i = q; continue }
            }
            break
        }
        return i
    }

    // MARK: - Paths: allowlist and `**`

    /// Whether `rp[i...]` (a reversed path) matches the keys of the frames from `f` down to `base`
    /// (anonymous frames are transparent, a path may start at any depth, `**` is any number of keys).
    func framesMatch(_ rp: [Int32], _ i: Int, _ f: Int, base: Int) -> Bool {
        if i == rp.count { return true }
        var f = f
        while f >= base && frames[f].key == RedactionPlan.anonymous { f -= 1 }
        let seg = rp[i]
        if seg == RedactionPlan.globstar {
            var g = f
            while true {
                if framesMatch(rp, i + 1, g, base: base) { return true }
                while g >= base && frames[g].key == RedactionPlan.anonymous { g -= 1 }
                if g < base { return false }
                g -= 1
            }
        }
        guard f >= base else { return false }
        if seg != RedactionPlan.wildcard && seg != frames[f].key { return false }
        return framesMatch(rp, i + 1, f - 1, base: base)
    }

    /// `pathMatches` for a rule with a `**` segment.
    func globMatches(_ rule: RedactionPlan.Rule, base: Int) -> Bool {
        framesMatch(rule.reversedPath, 1, frames.count - 1, base: base) && !parentExcepted(rule.exceptParents, base: base)
            && !typeExcepted(rule.exceptTypes, base: base)
    }

    /// Allowlist mode: whether the string value of `key` (in the current frames) keeps its value.
    func valueAllowed(_ key: Int32, base: Int) -> Bool {
        for r in plan.allowRules where r.reversedPath[0] == key || r.reversedPath[0] == RedactionPlan.wildcard {
            if framesMatch(r.reversedPath, 1, frames.count - 1, base: base) { return true }
        }
        return false
    }

    /// Allowlist mode: whether a string element of the innermost container keeps its value: it is
    /// a value of the key that opened the container (`"tags": ["a", "b"]` is allowed by `tags`).
    func elementAllowed(base: Int) -> Bool {
        var f = frames.count - 1
        while f >= base && frames[f].key == RedactionPlan.anonymous { f -= 1 }
        guard f >= base else { return false }
        let key = frames[f].key
        for r in plan.allowRules where r.reversedPath[0] == key || r.reversedPath[0] == RedactionPlan.wildcard {
            if framesMatch(r.reversedPath, 1, f - 1, base: base) { return true }
        }
        return false
    }

    // MARK: - Report line numbers

    /// Records that entry `k` redacted something on the current line.
    mutating func noteFindingLine(_ k: Int) {
        if findingLines.isEmpty { findingLines = Array(repeating: [], count: plan.entries.count) }
        let line = lineCount + 1
        if findingLines[k].last != line && findingLines[k].count < plan.reportLineLimit {
            findingLines[k].append(line)
        }
    }

    /// Forgets the line numbers recorded so far; counts stay. From here on each entry records the
    /// first `reportLineLimit` lines again, of what this redactor redacts next. A pipeline calls it
    /// before each chunk (and at a chunk's split), so that a chunk's line numbers never depend on
    /// what its redactor did before (other chunks, a chunk whose redo replaced the speculative
    /// run, partial lines redacted again and again): each chunk gives its own first
    /// `reportLineLimit`, and the merge in input order keeps the run's first ones. Memory stays
    /// `reportLineLimit` per entry.
    public mutating func forgetFindingLines() {
        for k in findingLines.indices where !findingLines[k].isEmpty {
            findingLines[k].removeAll(keepingCapacity: true)
        }
    }

    /// Adds counts (and line numbers) per rule and detector to `s`.
    func addFindings(to s: inout RedactionStats) {
        for (k, n) in kindCounts.enumerated() where n > 0 {
            let entry = plan.entries[k]
            let lines = findingLines.isEmpty ? [] : findingLines[k]
            let f = RedactionStats.Finding(origin: entry.origin, name: entry.name, kind: entry.kind, count: n,
                                           lines: lines, lineLimit: plan.reportLineLimit)
            s.findings[f.label, default: f.emptied].add(f, lineOffset: 0)
        }
    }
}
