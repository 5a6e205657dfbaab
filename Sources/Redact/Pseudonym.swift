import Crypto

/// A secret key for keyed pseudonyms, with the id written into every pseudonym so that keys can
/// rotate: `[email:k1:3f9a2c7e51d0]` was made with key `k1`.
///
/// The key never appears in output, errors or reports. Load it from a file or an environment
/// variable (`PolicyFile.loadKey`), never from a command-line argument.
public struct PseudonymKey: Sendable {
    /// Written into every pseudonym: letters, digits, `_`, `-`, `.`, at most 32 characters.
    public let id: String
    /// The secret (SymmetricKey is not Sendable; one is made per pseudonym).
    let secret: [UInt8]
    /// Hex digits of the HMAC kept in a pseudonym.
    public let length: Int

    /// The shortest secret accepted, in bytes.
    public static let minimumSecretLength = 16

    /// - Parameters:
    ///   - id: the key id; when nil, derived from the secret (`k` and 6 hex digits of its SHA-256).
    ///   - secret: at least 16 bytes (a line of a key file, trailing whitespace removed by the loader).
    ///   - length: hex digits kept, 8 to 64 (default 12, i.e. 48 bits).
    public init(id: String? = nil, secret: some Collection<UInt8>, length: Int = 12) throws(PolicyError) {
        let bytes = Array(secret)
        guard bytes.count >= Self.minimumSecretLength else {
            throw PolicyError(source: "pseudonym key", reason: "the key must be at least \(Self.minimumSecretLength) bytes")
        }
        guard (8...64).contains(length) else {
            throw PolicyError(source: "pseudonym key", reason: "length must be 8 to 64 hex digits")
        }
        let id = id ?? "k" + String(Self.hex(Array(SHA256.hash(data: bytes)).prefix(3)))
        guard !id.isEmpty, id.utf8.count <= 32, id.utf8.allSatisfy({
            (($0 | 0x20) &- 97) < 26 || ($0 &- 48) < 10 || $0 == 95 || $0 == 45 || $0 == 46
        }) else {
            throw PolicyError(source: "pseudonym key id", reason: "use 1 to 32 letters, digits, '_', '-' or '.'")
        }
        self.id = id
        self.secret = bytes
        self.length = length
    }

    /// Appends the hex of HMAC-SHA-256(key, kind ‖ 0x00 ‖ normalised value), truncated to `length`.
    func appendCode(kind: String, normalised: [UInt8], to out: inout [UInt8]) {
        var mac = HMAC<SHA256>(key: SymmetricKey(data: secret))
        mac.update(data: Array(kind.utf8))
        mac.update(data: [0])
        mac.update(data: normalised)
        let code = mac.finalize()
        var n = 0
        code.withUnsafeBytes { raw in
            for b in raw where n < length {
                out.append(Self.hexDigits[Int(b >> 4)]); n += 1
                if n < length { out.append(Self.hexDigits[Int(b & 15)]); n += 1 }
            }
        }
    }

    static let hexDigits = Array("0123456789abcdef".utf8)
    static func hex(_ bytes: some Sequence<UInt8>) -> String {
        var s: [UInt8] = []
        for b in bytes { s.append(hexDigits[Int(b >> 4)]); s.append(hexDigits[Int(b & 15)]) }
        return String(decoding: s, as: UTF8.self)
    }
}

/// Puts a value into the canonical form that pseudonyms are computed from, so that one value
/// written in different ways gives one pseudonym.
///
/// 1. Decodes JSON escapes at any nesting level (`\u0040`, `\\u0040`, `\/`, `\"`), HTML character
///    references (`&#64;`, `&#x40;`, `&commat;`, `&amp;`, ...) and percent-encoding (`%40`).
/// 2. E-mail addresses (anything with an `@`): lower-cased, `mailto:` dropped.
///    Phone-like values (only digits and phone punctuation, 7 or more digits): digits only, with a
///    leading `+` when written internationally (`tel:` dropped, a `(0)` trunk prefix after a country
///    code dropped). Anything else: lower-cased, runs of white space made one space, trimmed.
public enum PseudonymNormaliser {
    /// The canonical form of `value` (raw bytes as they appear in the line), as a string.
    public static func normalise(_ value: String) -> String {
        var out: [UInt8] = []
        var tmp: [UInt8] = []
        Array(value.utf8).withUnsafeBufferPointer { normalise($0.baseAddress!, 0, $0.count, into: &out, scratch: &tmp) }
        return String(decoding: out, as: UTF8.self)
    }

    /// Writes the canonical form of `p[s..<e]` into `out` (cleared first). `scratch` is reused.
    static func normalise(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, into out: inout [UInt8], scratch: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        scratch.removeAll(keepingCapacity: true)
        decode(p, s, e, into: &scratch)
        canonical(scratch, into: &out)
    }

    /// Escapes, references and percent-encoding decoded.
    static func decode(_ p: UnsafePointer<UInt8>, _ s: Int, _ e: Int, into out: inout [UInt8]) {
        var i = s
        while i < e {
            let b = p[i]
            if b == UInt8(ascii: "\\") {
                var q = i
                while q < e && p[q] == UInt8(ascii: "\\") { q += 1 }
                guard q < e else { i = q; continue }
                let c = p[q]
                if c == UInt8(ascii: "u"), q + 4 < e, let v = hexValue(p, q + 1, 4) {
                    appendScalar(v, &out); i = q + 5; continue
                }
                switch c {
                case UInt8(ascii: "n"), UInt8(ascii: "t"), UInt8(ascii: "r"): out.append(32)
                default: out.append(c)  // \/ \" and anything else: the character itself
                }
                i = q + 1
                continue
            }
            if b == UInt8(ascii: "%"), i + 2 < e, let v = hexValue(p, i + 1, 2) {
                out.append(UInt8(v)); i += 3; continue
            }
            if b == UInt8(ascii: "&"), let (v, len) = entity(p, i, e) {
                appendScalar(v, &out); i += len; continue
            }
            out.append(b)
            i += 1
        }
    }

    private static func hexValue(_ p: UnsafePointer<UInt8>, _ s: Int, _ n: Int) -> UInt32? {
        var v: UInt32 = 0
        for i in s..<(s + n) {
            let c = p[i]
            let d: UInt8
            if c &- 48 < 10 { d = c - 48 } else if (c | 0x20) &- 97 < 6 { d = (c | 0x20) - 87 } else { return nil }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    static let namedEntities: [([UInt8], UInt32)] = [
        (Array("commat;".utf8), 64), (Array("amp;".utf8), 38), (Array("period;".utf8), 46),
        (Array("plus;".utf8), 43), (Array("hyphen;".utf8), 45), (Array("dash;".utf8), 45),
        (Array("lowbar;".utf8), 95), (Array("lpar;".utf8), 40), (Array("rpar;".utf8), 41),
        (Array("nbsp;".utf8), 32), (Array("colon;".utf8), 58), (Array("sol;".utf8), 47),
    ]

    /// A character reference at `p[i]` (`&`): its scalar value and length.
    private static func entity(_ p: UnsafePointer<UInt8>, _ i: Int, _ e: Int) -> (UInt32, Int)? {
        var j = i + 1
        if j < e && p[j] == UInt8(ascii: "#") {
            j += 1
            let hex = j < e && (p[j] | 0x20) == UInt8(ascii: "x")
            if hex { j += 1 }
            var v: UInt32 = 0
            let start = j
            while j < e && j - start < 8 {
                let c = p[j]
                if c &- 48 < 10 { v = v * (hex ? 16 : 10) + UInt32(c - 48) }
                else if hex && (c | 0x20) &- 97 < 6 { v = v * 16 + UInt32((c | 0x20) - 87) }
                else { break }
                j += 1
            }
            guard j > start, j < e, p[j] == UInt8(ascii: ";") else { return nil }
            return (v, j + 1 - i)
        }
        for (name, v) in namedEntities where e - j >= name.count {
            var k = 0
            while k < name.count && asciiLower(p[j + k]) == name[k] { k += 1 }
            if k == name.count { return (v, 1 + name.count) }
        }
        return nil
    }

    private static func appendScalar(_ v: UInt32, _ out: inout [UInt8]) {
        guard let scalar = Unicode.Scalar(v) else { out.append(UInt8(ascii: "?")); return }
        if v < 0x80 { out.append(UInt8(v)); return }
        out.append(contentsOf: String(Character(scalar)).utf8)
    }

    /// Applies the per-shape canonical form to decoded bytes.
    static func canonical(_ d: [UInt8], into out: inout [UInt8]) {
        var s = 0, e = d.count
        while s < e && isSpace(d[s]) { s += 1 }
        while e > s && isSpace(d[e - 1]) { e -= 1 }
        if hasPrefix(d, s, e, "mailto:") { s += 7 }
        if hasPrefix(d, s, e, "tel:") { s += 4 }
        if d[s..<e].contains(UInt8(ascii: "@")) {
            for i in s..<e { out.append(asciiLower(d[i])) }
            return
        }
        if isPhoneShaped(d, s, e) {
            var i = s
            if d[i] == UInt8(ascii: "+") {
                out.append(UInt8(ascii: "+"))
                i += 1
                while i < e {
                    let b = d[i]
                    if b &- 48 < 10 { out.append(b) }
                    // `+44 (0)20 ...`: the national trunk prefix is not part of the number.
                    if b == UInt8(ascii: "("), i + 2 < e, d[i + 1] == UInt8(ascii: "0"), d[i + 2] == UInt8(ascii: ")") { i += 3; continue }
                    i += 1
                }
            } else {
                for i in s..<e where d[i] &- 48 < 10 { out.append(d[i]) }
            }
            return
        }
        var space = false
        for i in s..<e {
            let b = d[i]
            if isSpace(b) { space = true; continue }
            if space { out.append(32); space = false }
            out.append(asciiLower(b))
        }
    }

    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 32 || b == 9 || b == 10 || b == 13 }

    private static func hasPrefix(_ d: [UInt8], _ s: Int, _ e: Int, _ prefix: StaticString) -> Bool {
        let n = prefix.utf8CodeUnitCount
        guard e - s >= n else { return false }
        let q = prefix.utf8Start
        for k in 0..<n where asciiLower(d[s + k]) != q[k] { return false }
        return true
    }

    /// Digits and phone punctuation only, 7 to 15 digits (a `;ext=` or `x` extension ends it).
    static func isPhoneShaped(_ d: [UInt8], _ s: Int, _ e: Int) -> Bool {
        var digits = 0
        for i in s..<e {
            let b = d[i]
            if b &- 48 < 10 { digits += 1 }
            else if !(b == 32 || b == 43 || b == 45 || b == 46 || b == 40 || b == 41 || b == 47) { return false }
        }
        return digits >= 7 && digits <= 15
    }
}
