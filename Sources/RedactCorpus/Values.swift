// Writers for single values: personal data (written raw, then re-encoded when asked) and the
// look-alikes that a redactor must leave alone. Each `plant…` writer marks what it wrote.

struct Person {
    var culture: Int
    var given: Int
    var family: Int
}

/// How an e-mail address is written where it sits.
enum EmailEncoding {
    case plain, u0040, entityDec, entityHex, entityNamed, percent, mailto, angle, goEscaped, logfmt

    var format: StaticString {
        switch self {
        case .plain: return "plain"
        case .u0040: return "json-escaped-u0040"
        case .entityDec: return "html-entity-dec"
        case .entityHex: return "html-entity-hex"
        case .entityNamed: return "html-entity-named"
        case .percent: return "percent"
        case .mailto: return "mailto"
        case .angle: return "angle"
        case .goEscaped: return "go-escaped"
        case .logfmt: return "logfmt"
        }
    }
}

extension Builder {
    // MARK: people

    mutating func person() -> Person {
        let c = rng.below(t.cultures.count)
        let culture = t.cultures[c]
        return Person(culture: c, given: rng.below(culture.given.count), family: rng.below(culture.family.count))
    }

    mutating func nameValue(_ p: Person) {
        let c = t.cultures[p.culture]
        if c.familyFirst {
            bytes(c.family[p.family]); bytes(c.joiner); bytes(c.given[p.given])
        } else {
            bytes(c.given[p.given]); bytes(c.joiner); bytes(c.family[p.family])
        }
    }

    /// Writes the name with every non-ASCII character as a JSON `\uXXXX` escape. Returns false
    /// (having written it plainly) when the name is pure ASCII.
    mutating func nameValueUEscaped(_ p: Person) -> Bool {
        let start = out.count
        nameValue(p)
        let raw = Array(out[start...])
        if !raw.contains(where: { $0 >= 0x80 }) { return false }
        out.removeSubrange(start...)
        var i = 0
        while i < raw.count {
            let b0 = UInt32(raw[i])
            var scalar: UInt32
            var len: Int
            if b0 < 0x80 { scalar = b0; len = 1 }
            else if b0 < 0xE0 { scalar = (b0 & 0x1F) << 6 | (UInt32(raw[i + 1]) & 0x3F); len = 2 }
            else if b0 < 0xF0 {
                scalar = (b0 & 0x0F) << 12 | (UInt32(raw[i + 1]) & 0x3F) << 6 | (UInt32(raw[i + 2]) & 0x3F); len = 3
            } else {
                scalar = (b0 & 0x07) << 18 | (UInt32(raw[i + 1]) & 0x3F) << 12 | (UInt32(raw[i + 2]) & 0x3F) << 6
                    | (UInt32(raw[i + 3]) & 0x3F); len = 4
            }
            if scalar < 0x80 {
                byte(UInt8(scalar))
            } else if scalar < 0x10000 {
                uEscape(scalar)
            } else {
                let v = scalar - 0x10000
                uEscape(0xD800 + (v >> 10)); uEscape(0xDC00 + (v & 0x3FF))
            }
            i += len
        }
        return true
    }

    mutating func uEscape(_ v: UInt32) {
        lit("\\u")
        for shift in stride(from: 12, through: 0, by: -4) { byte(t.hex[Int((v >> UInt32(shift)) & 15)]) }
    }

    // MARK: e-mail

    /// Writes a raw e-mail address for `p` and returns its variant.
    mutating func emailRaw(_ p: Person, asciiOnly: Bool = false) -> StaticString {
        let c = t.cultures[p.culture]
        let given = c.givenSlug[p.given], family = c.familySlug[p.family]
        var roll = rng.below(100)
        if asciiOnly && roll >= 86 { roll = rng.below(86) }
        let start = out.count
        func local(_ b: inout Builder) {
            switch b.rng.below(6) {
            case 0: b.bytes(given); b.byte(0x2E); b.bytes(family)
            case 1: b.bytes(given); b.bytes(family)
            case 2: b.byte(given[0]); b.byte(0x2E); b.bytes(family)
            case 3: b.bytes(given); b.byte(0x5F); b.bytes(family)
            case 4: b.bytes(family); b.byte(0x2E); b.bytes(given)
            default: b.bytes(given); b.byte(0x2E); b.bytes(family); b.byte(0x2E); b.digits(2)
            }
        }
        switch roll {
        case 0..<38:
            local(&self); byte(0x40); pick(t.domainsSimple); return "simple"
        case 38..<46:
            bytes(given); digits(2 + rng.below(3)); byte(0x40); pick(t.domainsSimple); return "digits"
        case 46..<58:
            local(&self); byte(0x2B); pick(t.plusTags); byte(0x40); pick(t.domainsSimple); return "plus"
        case 58..<63:
            local(&self); byte(0x40); pick(t.domainsSimple)
            for i in start..<out.count where out[i] >= 0x61 && out[i] <= 0x7A { out[i] -= 0x20 }
            return "upper"
        case 63..<68:
            local(&self); byte(0x40); pick(t.domainsSimple)
            var capNext = true, inDomain = false, domainDots = 0
            for i in start..<out.count {
                let ch = out[i]
                if capNext && ch >= 0x61 && ch <= 0x7A && domainDots == 0 { out[i] = ch - 0x20 }
                capNext = ch == 0x2E || ch == 0x5F || ch == 0x40
                if ch == 0x40 { inDomain = true } else if inDomain && ch == 0x2E { domainDots += 1 }
            }
            return "mixed-case"
        case 68..<79:
            local(&self); byte(0x40); pick(t.domainsSub); return "subdomain"
        case 79..<86:
            local(&self); byte(0x40); pick(t.domainsLongTLD); return "long-tld"
        case 86..<93:
            pick(t.utf8Locals); byte(0x40); pick(t.domainsSimple); return "utf8-local"
        default:
            local(&self); byte(0x40); pick(t.domainsIDN); return "idn-domain"
        }
    }

    /// Writes an e-mail address in `encoding` and marks it.
    mutating func plantEmail(_ p: Person, _ encoding: EmailEncoding, _ context: PlantedContext,
                             format: StaticString? = nil) {
        let start = out.count
        let variant = emailRaw(p)
        switch encoding {
        case .plain, .mailto, .angle, .goEscaped, .logfmt:
            break
        default:
            let raw = Array(out[start...])
            out.removeSubrange(start...)
            for ch in raw {
                switch encoding {
                case .u0040: if ch == 0x40 { lit("\\u0040") } else { byte(ch) }
                case .entityDec: if ch == 0x40 { lit("&#64;") } else { byte(ch) }
                case .entityHex: if ch == 0x40 { lit("&#x40;") } else { byte(ch) }
                case .entityNamed: if ch == 0x40 { lit("&commat;") } else { byte(ch) }
                default: // percent: RFC 3986 unreserved stay, everything else %XX
                    let unreserved = (ch >= 0x30 && ch <= 0x39) || (ch >= 0x41 && ch <= 0x5A) || (ch >= 0x61 && ch <= 0x7A)
                        || ch == 0x2D || ch == 0x2E || ch == 0x5F || ch == 0x7E
                    if unreserved { byte(ch) } else { percentByte(ch) }
                }
            }
        }
        mark(.email, context, format ?? encoding.format, variant, from: start)
    }

    mutating func percentByte(_ ch: UInt8) {
        let upperHex: StaticString = "0123456789ABCDEF"
        byte(0x25)
        upperHex.withUTF8Buffer { h in byte(h[Int(ch >> 4)]); byte(h[Int(ch & 15)]) }
    }

    // MARK: phone

    mutating func phonePattern(_ pattern: StaticString) {
        pattern.withUTF8Buffer { pat in
            for ch in pat {
                switch ch {
                case UInt8(ascii: "#"): byte(UInt8(truncatingIfNeeded: 48 + rng.below(10)))
                case UInt8(ascii: "N"): byte(UInt8(truncatingIfNeeded: 50 + rng.below(8)))
                default: byte(ch)
                }
            }
        }
    }

    mutating func phoneRegion() -> PhoneRegion {
        var r = rng.below(phoneRegionTotalWeight)
        for region in phoneRegions {
            if r < region.weight { return region }
            r -= region.weight
        }
        return phoneRegions[0]
    }

    /// Writes a phone number as people write it; returns its variant.
    mutating func phoneRaw() -> StaticString {
        let region = phoneRegion()
        let f = region.formats[rng.below(region.formats.count)]
        phonePattern(f.pattern)
        return f.variant
    }

    mutating func plantPhone(_ context: PlantedContext, format: StaticString = "plain") {
        let start = out.count
        let v = phoneRaw()
        mark(.phone, context, format, v, from: start)
    }

    /// A `tel:` URI number (the `tel:` itself is not part of the mark).
    mutating func plantPhoneTel(_ context: PlantedContext = .text) {
        let region = phoneRegion()
        let f = region.telURI[rng.below(region.telURI.count)]
        let start = out.count
        phonePattern(f.pattern)
        mark(.phone, context, "tel-uri", f.variant, from: start)
    }

    /// An E.164 number percent-encoded for a query string (`%2B447700900123`).
    mutating func plantPhonePercent() {
        let start = out.count
        if rng.chance(500) { lit("%2B1"); phonePattern("N##55501##"); mark(.phone, .text, "percent", "US-E164", from: start) }
        else { lit("%2B44"); phonePattern("7700900###"); mark(.phone, .text, "percent", "GB-E164", from: start) }
    }

    /// A phone number stored as a JSON number.
    mutating func plantPhoneNumber() {
        let start = out.count
        if rng.chance(500) { phonePattern("1N##55501##"); mark(.phone, .field, fieldFormat("json-number"), "US-digits", from: start) }
        else { phonePattern("447700900###"); mark(.phone, .field, fieldFormat("json-number"), "GB-digits", from: start) }
    }

    // MARK: other personal data

    mutating func plantName(_ p: Person, _ context: PlantedContext, format: StaticString = "plain", allowUEscape: Bool = false) {
        let start = out.count
        if allowUEscape && rng.chance(150) {
            if nameValueUEscaped(p) { mark(.name, context, "json-u-escaped", "u-escaped", from: start); return }
        } else {
            nameValue(p)
        }
        mark(.name, context, format, "plain", from: start)
    }

    mutating func plantIP(_ context: PlantedContext, format: StaticString) {
        let start = out.count
        switch rng.below(10) {
        case 0..<4:
            switch rng.below(3) {
            case 0: lit("203.0.113.")
            case 1: lit("198.51.100.")
            default: lit("192.0.2.")
            }
            int(1 + rng.below(254))
            mark(.ipAddress, context, format, "ipv4-doc", from: start)
        case 4..<8:
            let firsts = [81, 86, 91, 145, 176, 185, 212, 217, 24, 73, 98]
            int(firsts[rng.below(firsts.count)]); byte(0x2E); int(rng.below(256)); byte(0x2E)
            int(rng.below(256)); byte(0x2E); int(1 + rng.below(254))
            mark(.ipAddress, context, format, "ipv4", from: start)
        default:
            lit("2001:db8:"); hexDigits(4); byte(0x3A); hexDigits(4); lit("::"); hexDigits(3); byte(0x3A); hexDigits(4)
            mark(.ipAddress, context, format, "ipv6", from: start)
        }
    }

    mutating func plantAddress(_ context: PlantedContext, format: StaticString) {
        let start = out.count
        let tpl = t.addresses[rng.below(t.addresses.count)]
        for ch in tpl {
            if ch == UInt8(ascii: "#") { byte(UInt8(truncatingIfNeeded: 48 + rng.below(10))) }
            else if ch == UInt8(ascii: "@") { byte(UInt8(truncatingIfNeeded: 65 + rng.below(26))) }
            else { byte(ch) }
        }
        mark(.address, context, format, "street", from: start)
    }

    mutating func plantSSN(_ context: PlantedContext, format: StaticString) {
        let start = out.count
        let area = 100 + rng.below(565) // 100...664: never 000, 666 or 9xx
        let group = 1 + rng.below(99), serial = 1 + rng.below(9999)
        switch rng.below(4) {
        case 0: intPadded(area, width: 3); byte(0x20); intPadded(group, width: 2); byte(0x20); intPadded(serial, width: 4)
            mark(.ssn, context, format, "spaced", from: start)
        case 1: intPadded(area, width: 3); intPadded(group, width: 2); intPadded(serial, width: 4)
            mark(.ssn, context, format, "compact", from: start)
        default: intPadded(area, width: 3); byte(0x2D); intPadded(group, width: 2); byte(0x2D); intPadded(serial, width: 4)
            mark(.ssn, context, format, "dashed", from: start)
        }
    }

    // MARK: look-alikes

    @inline(__always)
    mutating func look(_ kind: PlantedKind, _ format: StaticString, _ variant: StaticString, from start: Int) {
        mark(kind, .text, format, variant, from: start)
    }

    mutating func lookTimestamp(_ f: StaticString) {
        let s = out.count
        switch rng.below(8) {
        case 0: dateValue(clockMs); byte(0x54); timeValue(clockMs, fracDigits: 6); lit("+00:00"); look(.timestamp, f, "rfc3339-micro", from: s)
        case 1: dateValue(clockMs); byte(0x54); timeValue(clockMs, fracDigits: 0); lit("+01:00"); look(.timestamp, f, "rfc3339-offset", from: s)
        default: isoValue(clockMs); look(.timestamp, f, "iso8601", from: s)
        }
    }

    /// Seconds since the epoch, `back` seconds (at most) before now.
    mutating func lookUnix(_ f: StaticString, back: Int = 86_400 * 400) {
        let s = out.count
        int(clockMs / 1000 - rng.below(back))
        look(.unixTime, f, "seconds", from: s)
    }

    mutating func lookUnixMs(_ f: StaticString) {
        let s = out.count; int(clockMs - rng.below(86_400_000)); look(.unixTime, f, "millis", from: s)
    }

    mutating func lookDate(_ f: StaticString) {
        let s = out.count; dateValue(clockMs - 86_400_000 * rng.below(90)); look(.date, f, "iso-date", from: s)
    }

    mutating func lookUUID(_ f: StaticString) { let s = out.count; uuidValue(); look(.uuid, f, "v4", from: s) }
    mutating func lookHex24(_ f: StaticString) { let s = out.count; hexDigits(24); look(.hexId, f, "intercom-24", from: s) }
    mutating func lookTrace(_ f: StaticString) { let s = out.count; hexDigits(32); look(.traceId, f, "w3c-32", from: s) }

    /// Intercom conversation ids are 15 digits: the most phone-like id there is.
    mutating func lookConversationId(_ f: StaticString) { let s = out.count; digits(15); look(.numericId, f, "conversation-15", from: s) }
    mutating func lookPartId(_ f: StaticString) { let s = out.count; digits(11); look(.numericId, f, "part-11", from: s) }
    mutating func lookAdminId(_ f: StaticString) { let s = out.count; lit("8"); digits(6, nonZeroFirst: false); look(.numericId, f, "admin-7", from: s) }
    mutating func lookAccountId(_ f: StaticString) { let s = out.count; digits(12); look(.numericId, f, "aws-account-12", from: s) }

    mutating func lookOrder(_ f: StaticString) {
        let s = out.count
        switch rng.below(4) {
        case 0: lit("ORD-"); intPadded(2026, width: 4); byte(0x2D); digits(6, nonZeroFirst: false); look(.orderNumber, f, "ORD-year-seq", from: s)
        case 1: byte(0x23); lit("10"); digits(6, nonZeroFirst: false); look(.orderNumber, f, "hash-8", from: s)
        case 2: lit("INV-00"); digits(7); look(.orderNumber, f, "invoice", from: s)
        default: digits(3); byte(0x2D); digits(7); byte(0x2D); digits(7); look(.orderNumber, f, "amazon-style", from: s)
        }
    }

    mutating func lookPrice(_ f: StaticString) {
        let s = out.count
        switch rng.below(4) {
        case 0: byte(0x24); int(1 + rng.below(9)); byte(0x2C); digits(3, nonZeroFirst: false); byte(0x2E); digits(2, nonZeroFirst: false)
            look(.price, f, "usd-thousands", from: s)
        case 1: lit("€"); int(10 + rng.below(990)); byte(0x2E); digits(2, nonZeroFirst: false); look(.price, f, "eur", from: s)
        case 2: lit("£"); int(1 + rng.below(999)); byte(0x2E); digits(2, nonZeroFirst: false); look(.price, f, "gbp", from: s)
        default: int(10 + rng.below(9990)); byte(0x2E); digits(2, nonZeroFirst: false); lit(" EUR"); look(.price, f, "amount-code", from: s)
        }
    }

    mutating func lookVersion(_ f: StaticString) {
        let s = out.count
        switch rng.below(3) {
        case 0: byte(0x76); int(1 + rng.below(4)); byte(0x2E); int(rng.below(30)); byte(0x2E); int(rng.below(20)); look(.version, f, "semver-v", from: s)
        case 1: lit("131.0."); int(6000 + rng.below(999)); byte(0x2E); int(10 + rng.below(190)); look(.version, f, "browser", from: s)
        default: int(1 + rng.below(9)); byte(0x2E); int(10 + rng.below(30)); byte(0x2E); int(rng.below(10)); lit("-rc."); int(1 + rng.below(9)); look(.version, f, "semver-pre", from: s)
        }
    }

    mutating func lookDuration(_ f: StaticString) {
        let s = out.count
        switch rng.below(3) {
        case 0: int(1 + rng.below(2000)); lit("ms"); look(.duration, f, "ms", from: s)
        case 1: int(rng.below(60)); byte(0x2E); digits(3, nonZeroFirst: false); byte(0x73); look(.duration, f, "seconds", from: s)
        default: lit("00:0"); int(rng.below(10)); byte(0x3A); intPadded(rng.below(60), width: 2); byte(0x2E); digits(3, nonZeroFirst: false)
            look(.duration, f, "clock", from: s)
        }
    }

    mutating func privateIP() {
        switch rng.below(3) {
        case 0: lit("10."); int(rng.below(256)); byte(0x2E); int(rng.below(256)); byte(0x2E); int(1 + rng.below(254))
        case 1: lit("172."); int(16 + rng.below(16)); byte(0x2E); int(rng.below(256)); byte(0x2E); int(1 + rng.below(254))
        default: lit("192.168."); int(rng.below(256)); byte(0x2E); int(1 + rng.below(254))
        }
    }

    mutating func lookIPPort(_ f: StaticString) {
        let s = out.count
        privateIP(); byte(0x3A)
        let ports = [80, 443, 8080, 8443, 5432, 6379, 9092, 3000]
        int(ports[rng.below(ports.count)])
        look(.ipv4, f, "with-port", from: s)
    }

    mutating func lookIP(_ f: StaticString) { let s = out.count; privateIP(); look(.ipv4, f, "bare", from: s) }

    mutating func lookHandleURL(_ f: StaticString) {
        let s = out.count; lit("https://medium.com/@"); pick(t.mediumHandles); look(.handleURL, f, "medium", from: s)
    }

    mutating func lookGitRemote(_ f: StaticString) {
        let s = out.count; lit("git@github.com:"); pick(t.repos); lit(".git"); look(.gitRemote, f, "ssh", from: s)
    }

    mutating func lookStatusBytes(_ status: Int, _ f: StaticString) {
        let s = out.count; int(status); byte(0x20); int(rng.below(120_000)); look(.statusBytes, f, "nginx", from: s)
    }

    mutating func lookNonPersonName(_ list: [[UInt8]], variant: StaticString) {
        let s = out.count; pick(list); look(.nonPersonName, "json", variant, from: s)
    }
}
