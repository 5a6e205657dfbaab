// A tiny template language for free text: literal bytes plus `{X}` slots, each slot one planted
// value. Used for HTML conversation bodies (inside JSON strings) and for plain log messages.
//
// Personal data slots (context `text`):
//   E e-mail   U e-mail with `\u0040` (JSON only)   H e-mail with an HTML entity for `@`
//   M e-mail in a mailto: link   Q e-mail percent-encoded   F `Name <email>`
//   P phone   T phone in a tel: URI   Y phone percent-encoded (E.164)   N a person's name
// Look-alike slots:
//   W timestamp  Z unix seconds  A date  G uuid  X 24-hex id  K 32-hex trace id  I conversation id
//   J admin id  O order number  $ price  D duration  V version  S ipv4:port  B bare ipv4
//   L medium.com/@handle URL  R git@github.com remote
// Unlabelled filler: n small number, a 16 random alphanumerics, h 40-hex sha.

struct TextMode {
    /// Inside a JSON string: `"` and `\` are escaped.
    var json = false
    /// Go's encoding/json HTML escaping: `<`, `>`, `&` become `\u003c`, `\u003e`, `\u0026`.
    var go = false
    /// PHP's json_encode: `/` becomes `\/`.
    var slash = false
}

extension Builder {
    mutating func template(_ s: StaticString, _ mode: TextMode = TextMode()) {
        s.withUTF8Buffer { buf in
            var i = 0
            while i < buf.count {
                let ch = buf[i]
                if ch == UInt8(ascii: "{") && i + 2 < buf.count && buf[i + 2] == UInt8(ascii: "}") {
                    slot(buf[i + 1], mode)
                    i += 3
                } else {
                    literal(ch, mode)
                    i += 1
                }
            }
        }
    }

    @inline(__always)
    mutating func literal(_ ch: UInt8, _ mode: TextMode) {
        if mode.json {
            if ch == 0x22 || ch == 0x5C { byte(0x5C); byte(ch); return }
            if mode.go {
                switch ch {
                case UInt8(ascii: "<"): lit("\\u003c"); return
                case UInt8(ascii: ">"): lit("\\u003e"); return
                case UInt8(ascii: "&"): lit("\\u0026"); return
                default: break
                }
            }
            if mode.slash && ch == UInt8(ascii: "/") { byte(0x5C); byte(ch); return }
        }
        byte(ch)
    }

    mutating func literals(_ s: StaticString, _ mode: TextMode) {
        s.withUTF8Buffer { for ch in $0 { literal(ch, mode) } }
    }

    mutating func slot(_ c: UInt8, _ mode: TextMode) {
        let lf: StaticString = mode.json ? "json" : "text"
        switch c {
        case UInt8(ascii: "E"): plantEmail(person(), mode.go ? .goEscaped : .plain, .text)
        case UInt8(ascii: "U"): plantEmail(person(), mode.json ? .u0040 : .plain, .text)
        case UInt8(ascii: "H"):
            if mode.go { plantEmail(person(), .goEscaped, .text) } else {
                switch rng.below(3) {
                case 0: plantEmail(person(), .entityDec, .text)
                case 1: plantEmail(person(), .entityHex, .text)
                default: plantEmail(person(), .entityNamed, .text)
                }
            }
        case UInt8(ascii: "M"): plantEmail(person(), .mailto, .text)
        case UInt8(ascii: "Q"): plantEmail(person(), .percent, .text)
        case UInt8(ascii: "F"):
            let p = person()
            plantName(p, .text, format: "angle")
            literals(" <", mode)
            plantEmail(p, .angle, .text)
            literal(UInt8(ascii: ">"), mode)
        case UInt8(ascii: "P"): plantPhone(.text, format: mode.go ? "go-escaped" : "plain")
        case UInt8(ascii: "T"): plantPhoneTel()
        case UInt8(ascii: "Y"): plantPhonePercent()
        case UInt8(ascii: "N"): plantName(person(), .text)
        case UInt8(ascii: "W"): lookTimestamp(lf)
        case UInt8(ascii: "Z"): lookUnix(lf, back: 3600)
        case UInt8(ascii: "A"): lookDate(lf)
        case UInt8(ascii: "G"): lookUUID(lf)
        case UInt8(ascii: "X"): lookHex24(lf)
        case UInt8(ascii: "K"): lookTrace(lf)
        case UInt8(ascii: "I"): lookConversationId(lf)
        case UInt8(ascii: "J"): lookAdminId(lf)
        case UInt8(ascii: "O"): lookOrder(lf)
        case UInt8(ascii: "$"): lookPrice(lf)
        case UInt8(ascii: "D"): lookDuration(lf)
        case UInt8(ascii: "V"): lookVersion(lf)
        case UInt8(ascii: "S"): lookIPPort(lf)
        case UInt8(ascii: "B"): lookIP(lf)
        case UInt8(ascii: "L"):
            if mode.slash { let s = out.count; lit("https:\\/\\/medium.com\\/@"); pick(t.mediumHandles); look(.handleURL, lf, "medium-escaped", from: s) }
            else { lookHandleURL(lf) }
        case UInt8(ascii: "R"): lookGitRemote(lf)
        case UInt8(ascii: "n"): int(1 + rng.below(5000))
        case UInt8(ascii: "a"): alnum(16)
        case UInt8(ascii: "h"): hexDigits(40)
        default: preconditionFailure("unknown template slot")
        }
    }
}

/// HTML conversation bodies that carry personal data.
let htmlBodiesPII: [StaticString] = [
    "<p>Hi, my new number is {P}, please update my profile.</p>",
    "<p>You can reach me at {E} or on {P} after 5pm.</p>",
    "<p>Please send the invoice to <a href=\"mailto:{M}\" target=\"_blank\" rel=\"nofollow noopener noreferrer\">our billing inbox</a>.</p>",
    "<p>Contact: {H}</p><p>Order {O} still not delivered.</p>",
    "<p>Call us: <a href=\"tel:{T}\">call the office</a> or {P}</p>",
    "<p>Unsubscribe: <a href=\"https://app.example.com/unsubscribe?email={Q}&amp;sig={K}\">here</a></p>",
    "<p>I changed my email to {U}, the old one was {E}.</p>",
    "<p>From: {F}<br>Sent: {W}<br>Subject: Re: order {O}</p>",
    "<p>My colleague {E} will take over, her direct line is {P}.</p>",
    "<p>WhatsApp me on {P} or email {H}</p>",
    "<p>Reply-To: <a href=\"mailto:{M}\">{E}</a></p>",
    "<p>Hola, mi teléfono es {P} — gracias!</p>",
    "<p>请联系我 {E}，电话 {P}。</p>",
    "<p>Ticket {I}: customer {E} says the charge of {$} on {A} is wrong.</p>",
]

/// HTML conversation bodies without personal data (but with look-alikes).
let htmlBodiesClean: [StaticString] = [
    "<p>Thanks, that fixed it! Build {V} works now.</p>",
    "<p>Order {O} shipped, total {$}.</p>",
    "<p>See <a href=\"{L}\">our write-up</a> and clone {R}.</p>",
    "<p>Still failing after {D}, request id {G}.</p>",
    "<p>Conversation {I} merged on {A}.</p>",
    "<p>Refund of {$} issued for {O} on {A}.</p>",
]

/// Log messages that carry personal data (after a log prefix).
let textMessagesPII: [StaticString] = [
    "delivered message {G} to {E} in {D}",
    "bounce for {E}: 550 5.1.1 user unknown (attempt 3 of 5)",
    "sent verification code to {P} via sms provider=twilio sid=SM{K}",
    "contact {X} rejected: phone {P} failed validation",
    "GET https://app.example.com/unsubscribe?email={Q}&sig={K} -> 302 in {D}",
    "lead created from website form: {F}",
    "rendered reply_notification: <a href=\"mailto:{M}\">Reply</a>",
    "inbound call from tel:{T} routed to queue support-emea",
    "customer asked for a call back on {P} about order {O}",
    "password reset requested for {E} from {B}",
    "merged duplicate contacts {X} and {X} (kept {E})",
    "rendered email body: <p>Contact {H} for details</p>",
    "twilio status callback To={Y}&CallStatus=completed&CallDuration={n}",
    "SMTP RCPT TO:<{E}> accepted by mx.example.com in {D}",
    "export job {G} for {A} finished, emailed download link to {E}",
    "phone number changed from {P} to {P} for contact {X}",
    "user {E} signed in from {B} (2fa sms to {P})",
    "rendered body: <p>Call us on <a href=\"tel:{T}\">our hotline</a></p>",
    "Kontakt: {E}, Tel. {P}",
    "お問い合わせ: {E} / {P}",
]

/// Log messages without personal data.
let textMessagesClean: [StaticString] = [
    "request completed method=GET path=/api/v2/contacts/{X} status=200 duration={D} request_id={G}",
    "outbound GET https://api.intercom.io/conversations/{I} -> 200 in {D} trace_id={K}",
    "received topic=conversation.admin.closed notification=notif_{G} conversation={I} first_sent_at={Z}",
    "deploying {R} at {V} (commit {h})",
    "invoice {O} paid {$} (stripe ch_{a})",
    "fetched {L} in {D}",
    "slow query {D} rows={n} sql=\"SELECT * FROM conversations WHERE id = {I}\"",
    "cache stats hits={n} misses={n} uptime={D}",
    "scheduled ContactSyncJob next_run={W} batch={n}",
    "upstream {S} responded 503, retrying in {D}",
    "connected to kafka broker {S} (client_id=sync-{n})",
    "exported report {G} for date {A} (rows={n}, took {D})",
    "rate limit remaining={n} reset_at={Z} app_id=ecahpwf5",
    "tag {X} applied to {n} contacts by admin {J}",
    "GC pause {D} heap=512MB version={V}",
    "order {O} shipped, total {$}, tracking 1Z{a}",
    "conversation {I} assigned to admin {J} at {W}",
    "webhook signature ok, body sha256 {h}, {n} bytes",
    "client {B} opened websocket session {G}",
]
