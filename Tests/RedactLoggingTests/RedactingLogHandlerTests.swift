import Logging
import Redact
import RedactLogging
import Synchronization
import Testing

/// Records every event it receives, with the metadata it would print (its own merged in).
final class MemoryLog: Sendable {
    struct Entry: Sendable {
        var level: Logger.Level
        var message: String
        var metadata: Logger.Metadata
        var error: String?
    }
    let entries = Mutex<[Entry]>([])
    var all: [Entry] { entries.withLock { $0 } }
}

struct MemoryHandler: LogHandler {
    let log: MemoryLog
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]
    var metadataProvider: Logger.MetadataProvider?

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        if let p = metadataProvider { merged.merge(p.get()) { _, n in n } }
        if let m = event.metadata { merged.merge(m) { _, n in n } }
        let entry = MemoryLog.Entry(level: event.level, message: event.message.description, metadata: merged,
                                    error: event.error.map { String(describing: $0) })
        log.entries.withLock { $0.append(entry) }
    }
}

struct SomeError: Error, CustomStringConvertible {
    var description: String { "could not reach jane@example.com" }
}

@Suite struct RedactingLogHandlerTests {
    static func logger(_ plan: RedactionPlan = .intercom) -> (Logger, MemoryLog) {
        let memory = MemoryLog()
        let logger = Logger(label: "test") { _ in RedactingLogHandler(wrapping: MemoryHandler(log: memory), plan: plan) }
        return (logger, memory)
    }

    @Test func messageAndMetadataAreRedacted() throws {
        let (logger, memory) = Self.logger()
        logger.info("signup from jane@example.com, call +1 415 555 0123", metadata: [
            "request_id": "r-1",
            "email": "jane@example.com",
            "note": "cc sam@example.org",
            "user": ["name": "Jane Roe", "id": "42", "contact": ["phone": "+44 20 7946 0958"]],
            "recipients": ["amy@example.org", "ok"],
            "location": ["city": "Cork"],
            "payload": "\(#"{"type":"contact","name":"Jane Roe"}"#)",
        ])
        let e = try #require(memory.all.first)
        #expect(e.message == "signup from [REDACTED:email], call [REDACTED:phone]")
        #expect(e.metadata["request_id"] == "r-1")
        #expect(e.metadata["email"] == "[REDACTED:email]")
        #expect(e.metadata["note"] == "cc [REDACTED:email]")
        #expect(e.metadata["user"] == ["name": "[REDACTED:name]", "id": "42", "contact": ["phone": "[REDACTED:phone]"]])
        #expect(e.metadata["recipients"] == ["[REDACTED:email]", "ok"])
        #expect(e.metadata["location"] == "[REDACTED:location]")
        #expect(e.metadata["payload"] == .string(#"{"type":"contact","name":"[REDACTED:name]"}"#))
        let printed = "\(e.message) \(e.metadata)"
        for secret in ["jane", "Jane", "sam@", "amy@", "415", "7946", "Cork"] { #expect(!printed.contains(secret), "\(secret)") }
    }

    @Test func loggerMetadataProviderAndErrorsAreRedacted() throws {
        let memory = MemoryLog()
        let provider = Logger.MetadataProvider { ["trace_user": "jane@example.com", "email": "sam@example.org"] }
        var logger = Logger(label: "test") { _ in
            var inner = MemoryHandler(log: memory)
            inner.metadataProvider = provider
            inner.metadata = ["phone": "+1 415 555 0123"]
            return RedactingLogHandler(wrapping: inner)
        }
        logger[metadataKey: "email"] = "amy@example.org"
        logger[metadataKey: "session"] = "s-9"
        #expect(logger[metadataKey: "email"] == "[REDACTED:email]")
        logger.error("failed", error: SomeError())
        let e = try #require(memory.all.first)
        #expect(e.metadata["trace_user"] == "[REDACTED:email]")
        #expect(e.metadata["email"] == "[REDACTED:email]")
        #expect(e.metadata["phone"] == "[REDACTED:phone]")
        #expect(e.metadata["session"] == "s-9")
        #expect(e.error == "could not reach [REDACTED:email]")
    }

    @Test func pseudonymsMatchTheEngineAndRemoveDropsKeys() throws {
        var policy = RedactionPolicy.intercom
        policy.pseudonymKey = try PseudonymKey(id: "k1", secret: Array("correct horse battery staple 42".utf8))
        policy.kindActions = ["email": .pseudonym, "ip_address": .remove, "phone": .partial(keep: 4)]
        let plan = try RedactionPlan(policy: policy)
        let (logger, memory) = Self.logger(plan)
        logger.info("reply from Jane.Roe@Example.com", metadata: [
            "email": "jane.roe@example.com", "ip": "10.0.0.1", "mobile_number": "415-555-0123", "user": ["email": "JANE.ROE@example.com"],
        ])
        let e = try #require(memory.all.first)
        // The same pseudonym as the engine gives a JSON field and free text (known answer, see ActionTests).
        #expect(e.message == "reply from [email:k1:0536b0eceaa6]")
        #expect(e.metadata["email"] == "[email:k1:0536b0eceaa6]")
        #expect(e.metadata["user"] == ["email": "[email:k1:0536b0eceaa6]"])
        #expect(e.metadata["ip"] == nil)
        #expect(e.metadata["mobile_number"] == "***0123")
        #expect(plan.redact(#"{"email":"jane.roe@example.com"}"#) == #"{"email":"[email:k1:0536b0eceaa6]"}"#)
    }

    @Test func allowlistModeRedactsUnlistedStringValues() throws {
        var policy = RedactionPolicy.intercom
        policy.allowlist = [["request_id"], ["http", "status"]]
        let (logger, memory) = Self.logger(try RedactionPlan(policy: policy))
        logger.info("done", metadata: ["request_id": "r-1", "comment": "hello", "http": ["status": "200", "path": "/u/jane"]])
        let e = try #require(memory.all.first)
        #expect(e.metadata["request_id"] == "r-1")
        #expect(e.metadata["comment"] == "[REDACTED:value]")
        #expect(e.metadata["http"] == ["status": "200", "path": "[REDACTED:value]"])
    }

    @Test func levelsPassThroughAndNothingIsLost() {
        var (logger, memory) = Self.logger()
        logger.logLevel = .warning
        logger.info("dropped by level")
        logger.warning("kept")
        #expect(memory.all.map(\.message) == ["kept"])
        #expect(memory.all.first?.level == .warning)
    }

    @Test func sharedPlanAcrossTasks() async {
        let (logger, memory) = Self.logger()
        await withTaskGroup(of: Void.self) { group in
            for i in 0..<8 {
                group.addTask { for j in 0..<50 { logger.info("user\(i)-\(j)@example.com") } }
            }
        }
        #expect(memory.all.count == 400)
        #expect(memory.all.allSatisfy { $0.message == "[REDACTED:email]" })
    }
}
