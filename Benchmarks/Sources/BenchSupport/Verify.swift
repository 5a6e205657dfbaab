import Redact

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension LocalCorpus {
    /// Checks a redaction of `bytes`: same number of lines, every clean line byte-identical, no
    /// planted e-mail left, at least one token per planted e-mail. Returns a failure description
    /// (counts only, never input bytes), or nil when the output is right.
    public func verify(_ out: [UInt8]) -> String? {
        var outLines: [Range<Int>] = []
        outLines.reserveCapacity(lineCount)
        var s = 0
        for i in out.indices where out[i] == 0x0A { outLines.append(s..<i); s = i + 1 }
        if s < out.count { outLines.append(s..<out.count) }
        guard outLines.count == lineCount else { return "line count \(outLines.count), expected \(lineCount)" }
        // Clean lines keep their position in the line sequence; find each by line number.
        var inLines: [Range<Int>] = []
        inLines.reserveCapacity(lineCount)
        s = 0
        for i in bytes.indices where bytes[i] == 0x0A { inLines.append(s..<i); s = i + 1 }
        var cleanSet = Set<Int>()
        for r in cleanLines { cleanSet.insert(r.lowerBound) }
        var changedClean = 0
        for (n, r) in inLines.enumerated() where cleanSet.contains(r.lowerBound) {
            if !bytes[r].elementsEqual(out[outLines[n]]) { changedClean += 1 }
        }
        if changedClean > 0 { return "\(changedClean) lines without PII were changed" }
        for e in plantedEmails where Self.occurs(e, in: out) { return "a planted e-mail survived" }
        if !plantedEmails.isEmpty && !Self.occurs(Array("[REDACTED:email]".utf8), in: out) { return "no e-mail token" }
        return nil
    }

    /// Debugging aid for the generator (synthetic data only): the first `limit` clean lines that
    /// the redaction changed, as (input, output) pairs.
    public func changedCleanLines(_ out: [UInt8], limit: Int) -> [(String, String)] {
        var res: [(String, String)] = []
        var inS = 0, outS = 0
        var cleanSet = Set<Int>()
        for r in cleanLines { cleanSet.insert(r.lowerBound) }
        var i = 0, o = 0
        while i < bytes.count && o <= out.count && res.count < limit {
            while i < bytes.count && bytes[i] != 0x0A { i += 1 }
            while o < out.count && out[o] != 0x0A { o += 1 }
            if cleanSet.contains(inS) && !bytes[inS..<i].elementsEqual(out[outS..<o]) {
                res.append((String(decoding: bytes[inS..<i], as: UTF8.self), String(decoding: out[outS..<o], as: UTF8.self)))
            }
            i += 1; o += 1; inS = i; outS = o
        }
        return res
    }

    static func occurs(_ needle: [UInt8], in hay: [UInt8]) -> Bool {
        needle.withUnsafeBytes { n in
            hay.withUnsafeBytes { h in
                guard n.count > 0, h.count >= n.count else { return false }
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
