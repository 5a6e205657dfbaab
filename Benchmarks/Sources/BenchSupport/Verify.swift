// The benchmarks' corpus: lines from the project's deterministic generator (RedactCorpus), with the
// labels needed to check a redaction: which lines carry no personal data, and the planted values.

import Redact
import RedactCorpus

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

public struct BenchCorpus: Sendable {
    public let mix: Mix
    /// The corpus, newline-terminated lines.
    public var bytes: [UInt8] = []
    public var lineCount = 0
    /// Line numbers of lines with nothing to redact (no PII, not inside a multi-line PII value).
    public var cleanLines: [Int] = []
    /// Planted e-mail addresses and phone numbers: (line number, bytes).
    public var plantedEmails: [(line: Int, bytes: [UInt8])] = []
    public var plantedPhones: [(line: Int, bytes: [UInt8])] = []

    /// At least `size` bytes of whole records of `mix`, generated from `seed`.
    public init(mix: Mix, size: Int, seed: UInt64 = 1) {
        self.mix = mix
        var gen = CorpusGenerator(seed: seed, mix: mix)
        bytes.reserveCapacity(size + (1 << 16))
        while bytes.count < size {
            for line in gen.nextRecord() {
                let n = lineCount
                bytes.append(contentsOf: line.bytes)
                bytes.append(0x0A)
                lineCount += 1
                if line.label.pii.isEmpty && !line.label.withinPIIField { cleanLines.append(n) }
                for p in line.label.pii {
                    if p.kind == .email { plantedEmails.append((n, p.bytes)) }
                    if p.kind == .phone { plantedPhones.append((n, p.bytes)) }
                }
            }
        }
    }

    /// What a redaction of `bytes` did, in counts (never bytes of the input).
    public struct Check: CustomStringConvertible, Sendable {
        public var lines = 0
        public var cleanChanged = 0
        public var emailsLeft = 0, emails = 0
        public var phonesLeft = 0, phones = 0
        public var description: String {
            "\(lines) lines, clean lines changed: \(cleanChanged), e-mails left: \(emailsLeft)/\(emails), phones left: \(phonesLeft)/\(phones)"
        }
    }

    public func check(_ out: [UInt8]) -> Check {
        var c = Check()
        var starts: [Int] = [0]
        starts.reserveCapacity(lineCount + 1)
        for i in out.indices where out[i] == 0x0A { starts.append(i + 1) }
        c.lines = starts.count - 1
        guard c.lines == lineCount else { return c }
        var inStarts: [Int] = [0]
        inStarts.reserveCapacity(lineCount + 1)
        for i in bytes.indices where bytes[i] == 0x0A { inStarts.append(i + 1) }
        func outLine(_ n: Int) -> ArraySlice<UInt8> { out[starts[n]..<(starts[n + 1] - 1)] }
        for n in cleanLines where !bytes[inStarts[n]..<(inStarts[n + 1] - 1)].elementsEqual(outLine(n)) {
            c.cleanChanged += 1
        }
        c.emails = plantedEmails.count
        for (n, v) in plantedEmails where Self.occurs(v, in: outLine(n)) { c.emailsLeft += 1 }
        c.phones = plantedPhones.count
        for (n, v) in plantedPhones where Self.occurs(v, in: outLine(n)) { c.phonesLeft += 1 }
        return c
    }

    /// The output is right: one line per input line, no planted e-mail left, and (the engine's known
    /// trade-offs allowed for) at most 1% of phones left and 0.5% of clean lines changed.
    public func verify(_ out: [UInt8]) -> String? {
        let c = check(out)
        if c.lines != lineCount { return "line count \(c.lines), expected \(lineCount)" }
        if c.emailsLeft > 0 { return "planted e-mails survived: \(c)" }
        if c.phonesLeft * 100 > c.phones { return "too many phones survived: \(c)" }
        if c.cleanChanged * 200 > cleanLines.count { return "too many clean lines changed: \(c)" }
        return nil
    }

    static func occurs(_ needle: [UInt8], in hay: ArraySlice<UInt8>) -> Bool {
        guard !needle.isEmpty, hay.count >= needle.count else { return false }
        return needle.withUnsafeBytes { n in
            hay.withUnsafeBytes { h in
                let first = Int32(n[0])
                var i = 0
                let last = h.count - n.count
                while i <= last, let q = memchr(h.baseAddress! + i, first, last - i + 1) {
                    i = UnsafeRawPointer(q) - h.baseAddress!
                    if memcmp(q, n.baseAddress!, n.count) == 0 { return true }
                    i += 1
                }
                return false
            }
        }
    }
}

/// The corpus cut into slices of about `sliceSize` bytes, each ending at a line end.
public func slices(of bytes: [UInt8], sliceSize: Int) -> [[UInt8]] {
    var out: [[UInt8]] = []
    var s = 0
    while s < bytes.count {
        var e = min(bytes.count, s + sliceSize)
        while e < bytes.count && bytes[e - 1] != 0x0A { e += 1 }
        out.append(Array(bytes[s..<e]))
        s = e
    }
    return out
}
