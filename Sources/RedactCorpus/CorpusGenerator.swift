#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// The public generator: picks record families for a mix, writes them with `Builder`, checks that
// every planted value is sound (its bytes occur exactly once in its line), and hands out lines
// with labels, or a raw byte stream for benchmarks.

/// A deterministic generator of labelled, realistic Intercom-integration log lines. The same seed,
/// mix and PII ratio give the same bytes on every machine.
public struct CorpusGenerator {
    public let seed: UInt64
    public let mix: Mix
    /// Share of records that carry personal data.
    public let piiRatio: Double

    var b: Builder
    var queue: [CorpusLine] = []
    var queueIndex = 0
    var lineEnds: [Int] = []
    let piiTable: [(RecordType, Int)]
    let cleanTable: [(RecordType, Int)]
    let piiTotal: Int
    let cleanTotal: Int

    public init(seed: UInt64, mix: Mix, piiRatio: Double? = nil) {
        self.seed = seed
        self.mix = mix
        self.piiRatio = min(1, max(0, piiRatio ?? mix.defaultPIIRatio))
        b = Builder(seed: seed)
        (piiTable, cleanTable) = CorpusGenerator.weights(mix)
        piiTotal = piiTable.reduce(0) { $0 + $1.1 }
        cleanTotal = cleanTable.reduce(0) { $0 + $1.1 }
    }

    static func weights(_ mix: Mix) -> ([(RecordType, Int)], [(RecordType, Int)]) {
        let productionPII: [(RecordType, Int)] = [
            (.webhookContact, 8), (.webhookConversation, 10), (.webhookTicket, 3), (.contactAPI, 5),
            (.conversationAPI, 4), (.dataEvent, 4), (.admin, 2), (.structuredLog, 14), (.sqs, 5),
            (.appLogJSON, 8), (.pretty, 3), (.logfmt, 8), (.access, 6), (.text, 20),
        ]
        let productionClean: [(RecordType, Int)] = [
            (.appLog, 34), (.access, 24), (.structuredLog, 18), (.appLogJSON, 6), (.webhookConversation, 4),
            (.webhookTicket, 1), (.dataEvent, 3), (.workspaceObject, 3), (.sqs, 2), (.logfmt, 4), (.pretty, 1),
        ]
        switch mix {
        case .production:
            return (productionPII, productionClean)
        case .dense:
            return (productionPII.map { $0.0 == .pretty ? (.pretty, 1) : $0 }, productionClean)
        case .json:
            return ([(.webhookContact, 10), (.webhookConversation, 12), (.webhookTicket, 4), (.contactAPI, 8),
                     (.conversationAPI, 6), (.dataEvent, 6), (.admin, 3), (.structuredLog, 20), (.sqs, 8)],
                    [(.structuredLog, 40), (.webhookConversation, 20), (.webhookTicket, 6), (.dataEvent, 14),
                     (.workspaceObject, 12), (.sqs, 8)])
        case .text:
            return ([(.logfmt, 25), (.access, 20), (.text, 55)],
                    [(.appLog, 50), (.access, 30), (.logfmt, 20)])
        }
    }

    mutating func chooseRecord() -> (RecordType, Bool) {
        let pii = b.rng.chance(probability: piiRatio)
        let table = pii ? piiTable : cleanTable
        var r = b.rng.below(pii ? piiTotal : cleanTotal)
        for (type, w) in table {
            if r < w { return (type, pii) }
            r -= w
        }
        return (table[0].0, pii)
    }

    /// Appends one sound record to `b.out` (marks in `b.marks`, which the caller clears).
    /// Returns the record's family.
    mutating func appendRecord() -> StaticString {
        let (type, pii) = chooseRecord()
        let start = b.out.count, markStart = b.marks.count
        var attempts = 0
        while true {
            b.record(type, pii: pii, slimPretty: mix == .dense)
            if sound(from: start, marksFrom: markStart) { return type.family }
            attempts += 1
            precondition(attempts < 200, "corpus generator cannot build a sound record")
            b.out.removeSubrange(start...)
            b.marks.removeSubrange(markStart...)
            b.fieldSpans.removeAll { $0.lowerBound >= start }
        }
    }

    /// Every planted personal value occurs exactly once in its line, so "its bytes are gone from
    /// the output line" is a sound test of redaction.
    mutating func sound(from start: Int, marksFrom markStart: Int) -> Bool {
        lineEnds.removeAll(keepingCapacity: true)
        let marks = b.marks
        return b.out.withUnsafeBufferPointer { buf in
            let base = buf.baseAddress!
            for i in start..<buf.count where base[i] == 0x0A { lineEnds.append(i) }
            if lineEnds.last != buf.count { lineEnds.append(buf.count) }
            for mi in markStart..<marks.count {
                let m = marks[mi]
                guard m.kind.isPII else { continue }
                if m.end <= m.start { return false }
                // The line holding the mark: first line end at or after m.start.
                var lo = 0, hi = lineEnds.count - 1
                while lo < hi { let mid = (lo + hi) / 2; if lineEnds[mid] < m.start { lo = mid + 1 } else { hi = mid } }
                let le = lineEnds[lo], ls = lo == 0 ? start : lineEnds[lo - 1] + 1
                if m.end > le { return false }
                if !CorpusGenerator.occursOnce(base, m.start, m.end, ls, le) { return false }
            }
            return true
        }
    }

    /// Whether the bytes `ns..<ne` occur exactly once within `ls..<le` (they occur at `ns`, so
    /// this asks whether there is any other occurrence). memchr for the first byte, then memcmp.
    @inline(__always)
    static func occursOnce(_ p: UnsafePointer<UInt8>, _ ns: Int, _ ne: Int, _ ls: Int, _ le: Int) -> Bool {
        let n = ne - ns
        let b0 = Int32(p[ns])
        var i = ls
        var count = 0
        while i + n <= le {
            guard let hit = memchr(p + i, b0, le - n + 1 - i) else { break }
            let at = UnsafeRawPointer(hit) - UnsafeRawPointer(p)
            if memcmp(p + at, p + ns, n) == 0 { count += 1; if count > 1 { return false } }
            i = at + 1
        }
        return count == 1
    }

    // MARK: lines with labels

    /// The next record's lines with their labels (a pretty-printed document spans several lines).
    public mutating func nextRecord() -> [CorpusLine] {
        b.out.removeAll(keepingCapacity: true)
        b.marks.removeAll(keepingCapacity: true)
        b.fieldSpans.removeAll(keepingCapacity: true)
        let family = String(describing: appendRecord())
        var lines: [CorpusLine] = []
        var ls = 0
        let out = b.out
        // Marks are not necessarily sorted; assign each to its line.
        var i = 0
        while i < out.count {
            var le = i
            while le < out.count && out[le] != 0x0A { le += 1 }
            var label = LineLabel(family: family)
            label.withinPIIField = b.fieldSpans.contains { ls < $0.upperBound && $0.lowerBound < le }
            for m in b.marks where m.start >= ls && m.start < le {
                let planted = Planted(kind: m.kind, context: m.context, format: String(describing: m.format),
                                      variant: String(describing: m.variant), offset: m.start - ls,
                                      bytes: Array(out[m.start..<m.end]))
                if m.kind.isPII { label.pii.append(planted) } else { label.lookalikes.append(planted) }
            }
            lines.append(CorpusLine(bytes: Array(out[ls..<le]), label: label))
            i = le + 1
            ls = i
        }
        return lines
    }

    /// The next line and its label.
    public mutating func nextLine() -> CorpusLine {
        if queueIndex >= queue.count {
            queue = nextRecord()
            queueIndex = 0
        }
        queueIndex += 1
        return queue[queueIndex - 1]
    }

    /// Whole records until at least `count` lines (the last record is never cut, so a
    /// pretty-printed document is always complete).
    public mutating func lines(atLeast count: Int) -> [CorpusLine] {
        var result: [CorpusLine] = []
        result.reserveCapacity(count)
        if queueIndex < queue.count { result.append(contentsOf: queue[queueIndex...]); queueIndex = queue.count }
        while result.count < count { result.append(contentsOf: nextRecord()) }
        return result
    }

    // MARK: raw bytes

    /// Streams exactly `bytes` bytes of corpus (newline-terminated lines) to `sink` in chunks of
    /// about `chunkSize`. Whole records only; the final remainder, shorter than the record that
    /// did not fit, is one filler line (`#` then dots). Memory stays at about one chunk.
    public mutating func stream(bytes total: Int, chunkSize: Int = 1 << 20,
                                _ sink: (UnsafeRawBufferPointer) throws -> Void) rethrows {
        precondition(total >= 0)
        queue = []; queueIndex = 0
        b.out.removeAll(keepingCapacity: true)
        b.marks.removeAll(keepingCapacity: true)
        b.out.reserveCapacity(chunkSize + (1 << 16))
        var written = 0
        while true {
            let start = b.out.count
            _ = appendRecord()
            b.marks.removeAll(keepingCapacity: true)
            b.fieldSpans.removeAll(keepingCapacity: true)
            if written + b.out.count > total {
                b.out.removeSubrange(start...)
                let remaining = total - written - b.out.count
                if remaining > 1 {
                    b.byte(UInt8(ascii: "#"))
                    b.out.append(contentsOf: repeatElement(UInt8(ascii: "."), count: remaining - 2))
                }
                if remaining > 0 { b.byte(0x0A) }
                try b.out.withUnsafeBytes { try sink($0) }
                b.out.removeAll(keepingCapacity: true)
                return
            }
            if b.out.count >= chunkSize {
                written += b.out.count
                try b.out.withUnsafeBytes { try sink($0) }
                b.out.removeAll(keepingCapacity: true)
            }
        }
    }

    /// Exactly `bytes` bytes of corpus, for benchmarks.
    public mutating func generate(bytes total: Int) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(total)
        stream(bytes: total) { result.append(contentsOf: $0) }
        return result
    }
}
