// Line families: Intercom API objects and webhooks, structured logs, SQS envelopes with JSON in
// strings, pretty-printed documents, logfmt, access logs and plain application logs.

enum RecordType: Int, CaseIterable {
    case webhookContact, webhookConversation, webhookTicket, contactAPI, conversationAPI, dataEvent, admin
    case workspaceObject, structuredLog, sqs, appLogJSON, pretty, logfmt, access, text, appLog

    var family: StaticString {
        switch self {
        case .webhookContact, .webhookConversation, .webhookTicket: return "webhook"
        case .contactAPI: return "contact"
        case .conversationAPI: return "conversation"
        case .dataEvent: return "data-event"
        case .admin: return "admin"
        case .workspaceObject: return "workspace-object"
        case .structuredLog: return "structured-log"
        case .sqs: return "sqs"
        case .appLogJSON: return "app-log-json"
        case .pretty: return "pretty"
        case .logfmt: return "logfmt"
        case .access: return "access"
        case .text: return "text"
        case .appLog: return "app-log"
        }
    }

    /// Whether the family can produce a record without personal data.
    var canBeClean: Bool {
        switch self {
        case .webhookContact, .contactAPI, .conversationAPI, .admin: return false
        default: return true
        }
    }

    /// Whether the family can produce a record with personal data.
    var canCarryPII: Bool { self != .workspaceObject && self != .appLog }
}

extension Builder {
    // MARK: small JSON helpers

    @inline(__always) mutating func q(_ body: (inout Builder) -> Void) { byte(0x22); body(&self); byte(0x22) }

    mutating func singleLineStyle() -> JSONStyle { rng.chance(150) ? .spaced : .compact }

    var lf: StaticString { "json" }

    mutating func workspaceId() {
        let ids: [StaticString] = ["ecahpwf5", "tx2p130c", "hk7q2b9m"]
        lit(ids[rng.below(ids.count)])
    }

    // MARK: PII fields

    mutating func emailField(_ p: Person, key k: StaticString = "email") {
        key(k)
        q {
            if $0.style == .compact && $0.rng.chance(120) {
                $0.plantEmail(p, .u0040, .field)
            } else {
                $0.plantEmail(p, .plain, .field, format: $0.fieldFormat("plain"))
            }
        }
    }

    mutating func phoneField(allowNumber: Bool = true) {
        key("phone")
        if allowNumber && rng.chance(150) { plantPhoneNumber() } else { q { $0.plantPhone(.field, format: $0.fieldFormat("plain")) } }
    }

    mutating func nameField(_ p: Person) {
        key("name")
        q { $0.plantName(p, .field, format: $0.fieldFormat("plain"), allowUEscape: $0.style == .compact) }
    }

    mutating func locationObject(full: Bool) {
        let place = t.places[rng.below(t.places.count)]
        let f = fieldFormat("plain")
        key("location")
        objOpen()
        let interior = out.count
        kv("type", "location")
        key("country"); q { let s = $0.out.count; $0.bytes(place.country); $0.mark(.location, .field, f, "country", from: s) }
        key("region"); q { let s = $0.out.count; $0.bytes(place.region); $0.mark(.location, .field, f, "region", from: s) }
        key("city"); q { let s = $0.out.count; $0.bytes(place.city); $0.mark(.location, .field, f, "city", from: s) }
        if full { kv("country_code", bytes: place.code); kv("continent_code", bytes: place.continent) }
        if style == .pretty { fieldSpans.append(interior..<out.count) }
        objClose()
    }

    /// `"location":"City, Country"` (a location given as one string).
    mutating func locationString() {
        let place = t.places[rng.below(t.places.count)]
        key("location")
        q { let s = $0.out.count; $0.bytes(place.city); $0.lit(", "); $0.bytes(place.country)
            $0.mark(.location, .field, $0.fieldFormat("plain"), "city-country", from: s) }
    }

    /// `slim`: only the personal attributes (a dense pretty-printed dump).
    mutating func customAttributes(pii: Bool, forceOne: Bool = false, slim: Bool = false) {
        key("custom_attributes")
        objOpen()
        if !slim {
            key("plan"); q { $0.pick($0.t.plans) }
            kv("seats", int: 1 + rng.below(200))
        }
        if pii {
            let addr = forceOne || rng.chance(500), ssn = rng.chance(300)
            if addr { key("address"); q { $0.plantAddress(.field, format: $0.fieldFormat("plain")) } }
            if ssn { key("ssn"); q { $0.plantSSN(.field, format: $0.fieldFormat("plain")) } }
        }
        if !slim { kvBool("beta_features", rng.chance(300)) }
        objClose()
    }

    // MARK: Intercom objects

    /// A contact (user or lead). Always carries personal data.
    mutating func contactObject(slim: Bool) {
        let p = person()
        objOpen()
        if !slim {
            kv("type", "contact")
            key("id"); q { $0.lookHex24($0.lf) }
            key("workspace_id"); q { $0.workspaceId() }
            key("external_id"); q { $0.lit("usr_"); $0.alnum(10) }
            kv("role", rng.chance(700) ? "user" : "lead")
        }
        emailField(p)
        if slim || rng.chance(850) { phoneField(allowNumber: !slim) } else { kvNull("phone") }
        nameField(p)
        if !slim {
            kvNull("avatar"); kvNull("owner_id")
            key("social_profiles"); objOpen(); kv("type", "list"); key("data"); arrOpen(); arrClose(); objClose()
            kvBool("has_hard_bounced", false); kvBool("marked_email_as_spam", false)
            kvBool("unsubscribed_from_emails", rng.chance(100))
            key("created_at"); lookUnix(lf)
            key("updated_at"); lookUnix(lf, back: 86_400)
            key("signed_up_at"); lookUnix(lf)
            key("last_seen_at"); lookUnix(lf, back: 86_400)
            kvNull("last_replied_at"); kvNull("last_email_opened_at")
            key("browser"); q { $0.pick($0.t.browsers) }
            key("browser_version"); q { $0.lookVersion($0.lf) }
            kv("browser_language", "en")
            key("os"); q { $0.pick($0.t.oses) }
        }
        locationObject(full: !slim)
        customAttributes(pii: true, forceOne: slim, slim: slim)
        if !slim {
            key("tags"); objOpen(); kv("type", "list"); key("data"); arrOpen()
            for _ in 0..<rng.below(3) {
                elem(); objOpen(); kv("type", "tag"); key("id"); q { $0.int(80000 + $0.rng.below(20000)) }
                objClose()
            }
            arrClose(); kvBool("has_more", false); objClose()
            emptyList("notes", type: "list", field: "data")
        }
        objClose()
    }

    /// An author (user or admin) with name and e-mail.
    mutating func authorObject(admin: Bool, pii: Bool) {
        key("author")
        objOpen()
        if admin { kv("type", "admin"); key("id"); q { $0.lookAdminId($0.lf) } }
        else { kv("type", "user"); key("id"); q { $0.lookHex24($0.lf) } }
        if pii { let p = person(); nameField(p); emailField(p) }
        objClose()
    }

    mutating func htmlBody(_ k: StaticString, pii: Bool) {
        var mode = TextMode(json: true)
        if style == .compact {
            if rng.chance(150) { mode.go = true } else if rng.chance(100) { mode.slash = true }
        }
        key(k)
        q {
            let list = pii ? htmlBodiesPII : htmlBodiesClean
            $0.template(list[$0.rng.below(list.count)], mode)
        }
    }

    mutating func conversationObject(pii: Bool) {
        objOpen()
        kv("type", "conversation")
        key("id"); q { $0.lookConversationId($0.lf) }
        key("created_at"); lookUnix(lf, back: 86_400 * 30)
        key("updated_at"); lookUnix(lf, back: 3600)
        kvNull("snoozed_until")
        key("source"); objOpen()
        kv("type", "conversation"); key("id"); q { $0.digits(10) }
        kv("delivered_as", "customer_initiated"); kv("subject", "")
        htmlBody("body", pii: pii)
        authorObject(admin: false, pii: pii)
        key("attachments"); arrOpen(); arrClose(); kvNull("url"); kvBool("redacted", false)
        objClose()
        key("contacts"); objOpen(); kv("type", "contact.list"); key("contacts"); arrOpen()
        elem(); objOpen(); kv("type", "contact"); key("id"); q { $0.lookHex24($0.lf) }
        key("external_id"); q { $0.lit("usr_"); $0.alnum(10) }; objClose()
        arrClose(); objClose()
        key("admin_assignee_id"); lookAdminId(lf)
        key("team_assignee_id"); q { $0.digits(7) }
        kvBool("open", true); kv("state", "open"); kvBool("read", rng.chance(500))
        key("tags"); objOpen(); kv("type", "tag.list"); key("tags"); arrOpen(); arrClose(); objClose()
        kv("priority", rng.chance(200) ? "priority" : "not_priority")
        key("conversation_parts"); objOpen(); kv("type", "conversation_part.list")
        key("conversation_parts"); arrOpen()
        let parts = pii ? 1 + rng.below(2) : rng.below(2)
        for _ in 0..<parts {
            elem(); objOpen()
            kv("type", "conversation_part"); key("id"); q { $0.lookPartId($0.lf) }
            kv("part_type", "comment")
            htmlBody("body", pii: pii)
            key("created_at"); lookUnix(lf, back: 3600)
            kvNull("assigned_to")
            authorObject(admin: true, pii: pii)
            key("attachments"); arrOpen(); arrClose(); kvNull("external_id"); kvBool("redacted", false)
            objClose()
        }
        arrClose(); kv("total_count", int: parts); objClose()
        objClose()
    }

    mutating func ticketObject(pii: Bool) {
        objOpen()
        kv("type", "ticket")
        key("id"); q { $0.digits(6) }
        key("ticket_id"); q { $0.digits(4) }
        key("ticket_attributes"); objOpen()
        key("_default_title_"); q { $0.pick($0.t.ticketTitles) }
        htmlBody("_default_description_", pii: pii)
        if pii && rng.chance(400) { key("contact_phone"); q { $0.plantPhone(.text) } }
        objClose()
        kv("ticket_state", rng.chance(500) ? "submitted" : "in_progress")
        key("ticket_type"); objOpen(); kv("type", "ticket_type"); key("id"); q { $0.digits(2) }
        kvBool("archived", false); kvBool("is_internal", false); objClose()
        key("contacts"); objOpen(); kv("type", "contact.list"); key("contacts"); arrOpen()
        elem(); objOpen(); kv("type", "contact"); key("id"); q { $0.lookHex24($0.lf) }
        if pii { emailField(person()) }
        objClose(); arrClose(); objClose()
        kv("admin_assignee_id", "0"); kv("team_assignee_id", "0")
        key("created_at"); lookUnix(lf, back: 86_400)
        key("updated_at"); lookUnix(lf, back: 3600)
        kvBool("open", true); kvNull("snoozed_until"); kv("category", "Customer"); kvBool("is_shared", true)
        objClose()
    }

    mutating func dataEventObject(pii: Bool) {
        objOpen()
        kv("type", "event")
        key("event_name"); q { $0.pick($0.t.eventNames) }
        key("created_at"); lookUnix(lf, back: 600)
        key("user_id"); q { $0.lit("usr_"); $0.alnum(10) }
        key("id"); q { $0.lookHex24($0.lf) }
        if pii { emailField(person()) }
        key("metadata"); objOpen()
        key("order_number"); q { $0.lookOrder($0.lf) }
        key("price"); objOpen(); kv("amount", int: 100 + rng.below(100_000)); key("currency"); q { $0.pick($0.t.currencies) }; objClose()
        key("invite_code"); q { $0.alnum(8) }
        if pii && rng.chance(300) { key("shipping_phone"); q { $0.plantPhone(.text) } }
        objClose()
        objClose()
    }

    mutating func adminObject() {
        let p = person()
        objOpen()
        kv("type", "admin")
        key("id"); q { $0.lookAdminId($0.lf) }
        nameField(p)
        emailField(p)
        kv("job_title", "Support Engineer")
        kvBool("away_mode_enabled", rng.chance(100)); kvBool("away_mode_reassign", false); kvBool("has_inbox_seat", true)
        key("team_ids"); arrOpen(); elem(); digits(7); arrClose()
        key("avatar"); objOpen(); kv("type", "avatar")
        key("image_url"); q { $0.lit("https://static.intercomassets.com/avatars/"); $0.digits(7); $0.lit("/square_128/avatar-"); $0.digits(4); $0.lit(".png") }
        objClose()
        kvBool("email_verified", true)
        objClose()
    }

    /// A tag, segment, company or team: `name` here is not a person.
    mutating func workspaceObject() {
        objOpen()
        switch rng.below(4) {
        case 0:
            kv("type", "tag"); key("id"); q { $0.int(80000 + $0.rng.below(20000)) }
            key("name"); q { $0.lookNonPersonName($0.t.tagNames, variant: "tag") }
            key("applied_at"); lookUnix(lf, back: 3600)
            key("applied_by"); objOpen(); kv("type", "admin"); key("id"); q { $0.lookAdminId($0.lf) }; objClose()
        case 1:
            kv("type", "segment"); key("id"); q { $0.lookHex24($0.lf) }
            key("name"); q { $0.lookNonPersonName($0.t.segmentNames, variant: "segment") }
            key("created_at"); lookUnix(lf); key("updated_at"); lookUnix(lf, back: 86_400)
            kv("person_type", "user"); kv("count", int: rng.below(50_000))
        case 2:
            kv("type", "company"); key("company_id"); q { $0.lit("cmp_"); $0.alnum(8) }
            key("id"); q { $0.lookHex24($0.lf) }
            key("app_id"); q { $0.workspaceId() }
            key("name"); q { $0.lookNonPersonName($0.t.companyNames, variant: "company") }
            key("created_at"); lookUnix(lf); key("updated_at"); lookUnix(lf, back: 86_400)
            kv("monthly_spend", int: rng.below(5000)); kv("session_count", int: rng.below(500))
            kv("user_count", int: rng.below(300)); key("website"); q { $0.lit("https://"); $0.alnum(6); $0.lit(".example") }
            key("industry"); q { $0.pick($0.t.industries) }
            key("tags"); objOpen(); kv("type", "tag.list"); key("tags"); arrOpen(); arrClose(); objClose()
            key("custom_attributes"); objOpen(); kv("tier", "gold"); objClose()
        default:
            kv("type", "team"); key("id"); q { $0.digits(7) }
            key("name"); q { $0.lookNonPersonName($0.t.teamNames, variant: "team") }
            key("admin_ids"); arrOpen(); for _ in 0..<(1 + rng.below(3)) { elem(); lookAdminId(lf) }; arrClose()
        }
        objClose()
    }

    /// A webhook notification around `item`.
    mutating func webhookEnvelope(topic: (inout Builder) -> Void, item: (inout Builder) -> Void) {
        objOpen()
        kv("type", "notification_event")
        key("app_id"); q { $0.workspaceId() }
        key("data"); objOpen(); kv("type", "notification_event_data"); key("item"); item(&self); objClose()
        key("links"); objOpen(); objClose()
        key("id"); q { $0.lit("notif_"); $0.lookUUID($0.lf) }
        key("topic"); q { topic(&$0) }
        kv("delivery_status", "pending"); kv("delivery_attempts", int: 1 + rng.below(3)); kv("delivered_at", int: 0)
        key("first_sent_at"); lookUnix(lf, back: 60)
        key("created_at"); lookUnix(lf, back: 60)
        kvNull("self")
        objClose()
    }

    mutating func webhook(_ type: RecordType, pii: Bool) {
        switch type {
        case .webhookContact:
            webhookEnvelope(topic: { $0.pick($0.t.topicsContact) }, item: { $0.contactObject(slim: false) })
        case .webhookTicket:
            webhookEnvelope(topic: { $0.lit(pii ? "ticket.created" : "ticket.state.updated") }, item: { $0.ticketObject(pii: pii) })
        default:
            webhookEnvelope(topic: { $0.pick(pii ? $0.t.topicsConversationPII : $0.t.topicsConversationClean) },
                            item: { $0.conversationObject(pii: pii) })
        }
    }

    /// One of the JSON documents an integration logs (compact or spaced, never pretty here).
    mutating func apiDocument(pii: Bool) {
        if pii {
            switch rng.below(7) {
            case 0: webhook(.webhookContact, pii: true)
            case 1: webhook(.webhookConversation, pii: true)
            case 2: contactObject(slim: false)
            case 3: conversationObject(pii: true)
            case 4: dataEventObject(pii: true)
            case 5: ticketObject(pii: true)
            default: adminObject()
            }
        } else {
            switch rng.below(4) {
            case 0: webhook(.webhookConversation, pii: false)
            case 1: dataEventObject(pii: false)
            case 2: workspaceObject()
            default: webhook(.webhookTicket, pii: false)
            }
        }
    }

    // MARK: structured logs

    mutating func levelValue() {
        let r = rng.below(100)
        lit(r < 70 ? "info" : r < 85 ? "debug" : r < 96 ? "warn" : "error")
    }

    mutating func structuredLog(pii: Bool) {
        objOpen()
        key("level"); q { $0.levelValue() }
        if rng.chance(250) {
            key("ts"); let s = out.count; int(clockMs / 1000); byte(0x2E); intPadded(clockMs % 1000, width: 3); digits(3, nonZeroFirst: false)
            look(.unixTime, lf, "float-seconds", from: s)
            key("caller"); q { $0.lit("webhook/handler.go:"); $0.int(20 + $0.rng.below(300)) }
        } else {
            key("ts"); q { $0.lookTimestamp($0.lf) }
            key("logger"); q { $0.pick($0.t.loggers) }
        }
        if pii {
            // At least one personal value, chosen among field-level keys and free text.
            var planted = 0
            if rng.chance(350) {
                key("msg"); q { $0.template(textMessagesPII[$0.rng.below(textMessagesPII.count)], TextMode(json: true)) }
                planted += 1
            } else {
                key("msg"); q { $0.pick($0.t.cleanMessages) }
            }
            if rng.chance(300) { key("user_email"); q { $0.plantEmail($0.person(), .plain, .text) }; planted += 1 }
            if rng.chance(250) { emailField(person()); planted += 1 }
            if rng.chance(150) { phoneField(); planted += 1 }
            if rng.chance(120) { key("customer_phone"); q { $0.plantPhone(.text) }; planted += 1 }
            if rng.chance(150) { nameField(person()); planted += 1 }
            if rng.chance(200) {
                key(rng.chance(500) ? "ip" : "ip_address"); q { $0.plantIP(.field, format: $0.fieldFormat("plain")) }; planted += 1
            }
            if rng.chance(120) { if rng.chance(500) { locationObject(full: false) } else { locationString() }; planted += 1 }
            if rng.chance(150) {
                let p = person()
                key("contact"); objOpen(); key("id"); q { $0.lookHex24($0.lf) }; emailField(p); nameField(p); objClose()
                planted += 1
            }
            if rng.chance(80) { customAttributes(pii: true, forceOne: true); planted += 1 }
            if rng.chance(80) { key("error"); q { $0.lit("invalid phone number "); $0.plantPhone(.text) }; planted += 1 }
            if planted == 0 { key("user_email"); q { $0.plantEmail($0.person(), .plain, .text) } }
        } else {
            key("msg"); q { $0.pick($0.t.cleanMessages) }
        }
        key("request_id"); q { $0.lookUUID($0.lf) }
        if rng.chance(600) { key("trace_id"); q { $0.lookTrace($0.lf) }; key("span_id"); q { $0.hexDigits(16) } }
        if rng.chance(400) { key("conversation_id"); q { $0.lookConversationId($0.lf) } }
        if rng.chance(300) { key("contact_id"); q { $0.lookHex24($0.lf) } }
        if rng.chance(500) { key("duration_ms"); int(rng.below(3000)); byte(0x2E); digits(1, nonZeroFirst: false) }
        if rng.chance(400) { kv("status", int: rng.chance(900) ? 200 : 429) }
        if rng.chance(200) { key("version"); q { $0.lookVersion($0.lf) } }
        if rng.chance(150) { key("amount"); q { $0.lookPrice($0.lf) } }
        if rng.chance(150) { key("order"); q { $0.lookOrder($0.lf) } }
        if rng.chance(100) { key("upstream"); q { $0.lookIPPort($0.lf) } }
        if rng.chance(60) { key("repo"); q { $0.lookGitRemote($0.lf) } }
        if rng.chance(60) { key("referrer"); q { $0.lookHandleURL($0.lf) } }
        objClose()
    }

    // MARK: JSON inside JSON strings

    mutating func sqsLine(pii: Bool) {
        beginJSON(singleLineStyle())
        let double = rng.chance(350)
        let inner = sub { b in
            b.beginJSON(.compact)
            if pii {
                switch b.rng.below(3) {
                case 0: b.contactObject(slim: b.rng.chance(500))
                case 1: b.webhook(.webhookContact, pii: true)
                default: b.dataEventObject(pii: true)
                }
            } else {
                if b.rng.chance(500) { b.dataEventObject(pii: false) } else { b.webhook(.webhookConversation, pii: false) }
            }
        }
        objOpen()
        key("level"); q { $0.levelValue() }
        key("ts"); q { $0.lookTimestamp($0.lf) }
        kv("msg", double ? "sns notification received" : "sqs message received")
        key("queue"); q { $0.lit("https://sqs."); $0.pick($0.t.regionsAWS); $0.lit(".amazonaws.com/"); $0.lookAccountId($0.lf); $0.lit("/intercom-webhooks") }
        key("MessageId"); q { $0.lookUUID($0.lf) }
        key("ReceiptHandle"); q { $0.lit("AQEB"); $0.alnum(40) }
        key("Body")
        if double {
            let envelope = sub { b in
                b.beginJSON(.compact)
                b.objOpen()
                b.kv("Type", "Notification")
                b.key("MessageId"); b.q { $0.lookUUID($0.lf) }
                b.key("TopicArn"); b.q { $0.lit("arn:aws:sns:eu-west-1:"); $0.lookAccountId($0.lf); $0.lit(":intercom-events") }
                b.key("Message"); b.q { $0.appendEscaped(inner.0, marks: inner.1, format: "json-in-string") }
                b.key("Timestamp"); b.q { $0.lookTimestamp($0.lf) }
                b.objClose()
            }
            q { $0.appendEscaped(envelope.0, marks: envelope.1, format: "json-in-string-2") }
        } else {
            q { $0.appendEscaped(inner.0, marks: inner.1, format: "json-in-string") }
        }
        objClose()
        byte(0x0A)
    }

    // MARK: text prefixes

    /// A log line prefix. Returns nothing; marks its timestamp as a look-alike.
    mutating func logPrefix(level: StaticString? = nil) {
        let lvl: StaticString = level ?? (rng.chance(800) ? "INFO" : rng.chance(500) ? "DEBUG" : "WARN")
        switch rng.below(10) {
        case 0..<5:
            lookTimestamp("text"); byte(0x20); lit(lvl); lit(" ["); pick(t.services); lit("] ")
        case 5, 6:
            let s = out.count
            dateValue(clockMs); byte(0x20); timeValue(clockMs, sep: UInt8(ascii: ","))
            look(.timestamp, "text", "java", from: s)
            byte(0x20); lit(lvl); lit(lvl.utf8CodeUnitCount == 4 ? "  [pool-" : " [pool-"); int(1 + rng.below(4)); lit("-thread-"); int(1 + rng.below(16)); lit("] ")
            pick(t.javaClasses); lit(" - ")
        case 7:
            let s = out.count; syslogTime(clockMs); look(.timestamp, "text", "syslog", from: s)
            lit(" ip-10-0-"); int(rng.below(256)); byte(0x2D); int(rng.below(256)); lit(" app["); int(1000 + rng.below(60000)); lit("]: ")
        case 8:
            lit("I, ["); let s = out.count; dateValue(clockMs); byte(0x54); timeValue(clockMs, fracDigits: 6)
            look(.timestamp, "text", "rails", from: s)
            lit(" #"); int(1000 + rng.below(60000)); lit("]  "); lit(lvl); lit(" -- : ")
        default:
            let c = Builder.civil(clockMs / 86_400_000)
            byte(UInt8(ascii: "I")); intPadded(c.m, width: 2); intPadded(c.d, width: 2); byte(0x20)
            timeValue(clockMs, fracDigits: 6); lit("       1 handler.go:"); int(20 + rng.below(300)); lit("] ")
        }
    }

    mutating func textLine(pii: Bool) {
        logPrefix()
        let list = pii ? textMessagesPII : textMessagesClean
        template(list[rng.below(list.count)])
        byte(0x0A)
    }

    mutating func appLogJSONLine(pii: Bool) {
        logPrefix(level: rng.chance(700) ? "INFO" : "DEBUG")
        let intros: [StaticString] = ["webhook received ", "intercom response: ", "payload=", "processing item ", "event: "]
        lit(intros[rng.below(intros.count)])
        beginJSON(singleLineStyle())
        apiDocument(pii: pii)
        byte(0x0A)
    }

    // MARK: logfmt, access logs

    mutating func logfmtLine(pii: Bool) {
        lit("ts="); lookTimestamp("text"); lit(" level="); levelValue()
        if pii {
            var planted = 0
            lit(" msg=\"contact synced\" contact_id="); lookHex24("text")
            if rng.chance(600) { lit(" email="); plantEmail(person(), .logfmt, .keyValue); planted += 1 }
            if rng.chance(450) { lit(" phone=\""); plantPhone(.keyValue, format: "logfmt"); byte(0x22); planted += 1 }
            if rng.chance(250) { lit(" user_email="); plantEmail(person(), .logfmt, .text); planted += 1 }
            if rng.chance(150) { lit(" to=\""); plantPhone(.text, format: "logfmt"); byte(0x22); planted += 1 }
            if rng.chance(200) { lit(" name=\""); plantName(person(), .keyValue, format: "logfmt"); byte(0x22) }
            if rng.chance(100) { lit(" ip="); plantIP(.keyValue, format: "logfmt") }
            if planted == 0 { lit(" email="); plantEmail(person(), .logfmt, .keyValue) }
        } else {
            let msgs: [StaticString] = ["job finished", "request served", "batch flushed", "retry scheduled"]
            lit(" msg=\""); lit(msgs[rng.below(msgs.count)]); lit("\" job=ContactSync contacts="); int(rng.below(5000))
            lit(" conversation="); lookConversationId("text")
        }
        lit(" duration="); lookDuration("text")
        if rng.chance(500) { lit(" trace_id="); lookTrace("text") }
        if rng.chance(200) { lit(" version="); lookVersion("text") }
        byte(0x0A)
    }

    mutating func accessLine(pii: Bool) {
        lookIP("text"); lit(" - - ["); let s = out.count; nginxTime(clockMs); look(.timestamp, "text", "nginx", from: s)
        lit("] \"")
        var status = 200
        if pii {
            switch rng.below(4) {
            case 0: lit("GET /unsubscribe?email="); plantEmail(person(), .percent, .text); lit("&token="); alnum(20)
                status = 302
            case 1: lit("GET /api/v2/contacts/search?email="); plantEmail(person(), .percent, .text)
            case 2: lit("POST /twilio/status?To="); plantPhonePercent(); lit("&CallSid=CA"); hexDigits(32)
            default: lit("GET /r?u=https%3A%2F%2Fapp.example.com%2Fmailto%3A"); plantEmail(person(), .percent, .text)
            }
        } else {
            lit(rng.chance(700) ? "GET " : "POST "); pick(t.paths)
            if rng.chance(300) { lit("?page="); int(1 + rng.below(40)); lit("&per_page=50") }
            let r = rng.below(100)
            status = r < 85 ? 200 : r < 92 ? 204 : r < 97 ? 404 : 503
        }
        lit(" HTTP/1.1\" "); lookStatusBytes(status, "text"); lit(" \"")
        if rng.chance(100) { lookHandleURL("text") } else { byte(0x2D) }
        lit("\" \""); pick(t.userAgents); lit("\" ")
        let d = out.count; int(rng.below(3)); byte(0x2E); digits(3, nonZeroFirst: false); look(.duration, "text", "nginx-seconds", from: d)
        lit(" upstream="); lookIPPort("text"); lit(" req_id="); lookTrace("text")
        byte(0x0A)
    }

    // MARK: pretty-printed documents

    mutating func prettyRecord(pii: Bool, slim: Bool) {
        let sameLine = rng.chance(400)
        if rng.chance(700) {
            logPrefix(level: "DEBUG")
            let intros: [StaticString] = ["contact payload:", "webhook body:", "response:"]
            lit(intros[rng.below(intros.count)])
            byte(sameLine ? 0x20 : 0x0A)
        }
        beginJSON(.pretty)
        if pii {
            if slim || rng.chance(600) { contactObject(slim: slim) } else { webhook(.webhookContact, pii: true) }
        } else {
            if rng.chance(500) { workspaceObject() } else { dataEventObject(pii: false) }
        }
        byte(0x0A)
    }

    // MARK: records

    /// Writes one record (one or more complete lines).
    mutating func record(_ type: RecordType, pii: Bool, slimPretty: Bool) {
        tick()
        switch type {
        case .webhookContact, .webhookConversation, .webhookTicket:
            beginJSON(singleLineStyle()); webhook(type, pii: pii); byte(0x0A)
        case .contactAPI:
            beginJSON(singleLineStyle()); contactObject(slim: false); byte(0x0A)
        case .conversationAPI:
            beginJSON(singleLineStyle()); conversationObject(pii: true); byte(0x0A)
        case .dataEvent:
            beginJSON(singleLineStyle()); dataEventObject(pii: pii); byte(0x0A)
        case .admin:
            beginJSON(singleLineStyle()); adminObject(); byte(0x0A)
        case .workspaceObject:
            beginJSON(singleLineStyle()); workspaceObject(); byte(0x0A)
        case .structuredLog:
            beginJSON(singleLineStyle()); structuredLog(pii: pii); byte(0x0A)
        case .sqs: sqsLine(pii: pii)
        case .appLogJSON: appLogJSONLine(pii: pii)
        case .pretty: prettyRecord(pii: pii, slim: slimPretty)
        case .logfmt: logfmtLine(pii: pii)
        case .access: accessLine(pii: pii)
        case .text, .appLog: textLine(pii: pii)
        }
    }
}
