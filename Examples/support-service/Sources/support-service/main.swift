// A support service that receives Intercom webhooks and logs what it does, without letting personal
// data reach its logs. Run: swift run --package-path Examples/support-service
import Logging
import Redact
import RedactLogging

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

// 1. Compile the policy once (a broken policy stops the service here, naming file, line, reason).
//    The pseudonym key comes from the environment; this demo sets one if none is given.
if getenv("SUPPORT_REDACT_KEY") == nil {
    setenv("SUPPORT_REDACT_KEY", "demo key: never use this one in production", 1)
}
let packageDirectory = #filePath.split(separator: "/", omittingEmptySubsequences: false).dropLast(3).joined(separator: "/")
let policyPath = CommandLine.arguments.dropFirst().first ?? packageDirectory + "/redact-policy.json"
let plan: RedactionPlan
do {
    plan = try RedactionPlan(policyFile: policyPath)
} catch {
    print("support-service: \(error)")
    exit(78)
}

// 2. Every logger redacts before its handler sees anything.
LoggingSystem.bootstrap { label in
    RedactingLogHandler(wrapping: StreamLogHandler.standardOutput(label: label), plan: plan)
}
let logger = Logger(label: "support-service")

// 3. A webhook arrives: log it (metadata and message are redacted by the handler) ...
let webhook = #"{"type":"notification_event","topic":"conversation.user.replied","data":{"item":{"type":"conversation","user_id":"u-829","author":{"type":"user","email":"Jane.Roe@Example.com","name":"Jane Roe"},"body":"<p>Please call me on +44 20 7946 0958 or write to jane.roe&#64;example.com</p>","custom_attributes":{"plan":"pro"},"session_token":"tok_9f2c"}}}"#
logger.info("webhook received", metadata: ["topic": "conversation.user.replied", "email": "jane.roe@example.com", "user": ["phone": "+44 20 7946 0958"]])
logger.warning("reply from Jane.Roe@example.com could not be routed")

// ... store or forward the payload redacted with the library, in one call ...
print("stored:", plan.redact(webhook))

// ... or stream a log file through it in chunks of any size.
var stream = StreamRedactor(plan: plan)
var out: [UInt8] = []
for chunk in ["2026-11-23T10:00:00Z INFO bounce for JANE.ROE%40EXAMPLE.COM\n2026-11-23T10:0", "0:01Z INFO ok\n"] {
    out += stream.redact(Array(chunk.utf8))
}
out += stream.finish()
print(String(decoding: out, as: UTF8.self), terminator: "")
print("stats: \(stream.stats.redactions) redactions in \(stream.stats.lines) lines")
