// A swift-log handler that redacts before forwarding: wrap the handler you already use, and no
// message, metadata value or error description reaches it unredacted.

import Logging
import Redact

/// A `LogHandler` that wraps any other handler and redacts with a `RedactionPlan` before forwarding:
///
/// - the message (e-mail addresses, phone numbers and JSON payloads in it, as `redact` does);
/// - every metadata value, nested dictionaries and arrays included, whether it comes with the log
///   call, from the logger (`logger[metadataKey:]`) or from a metadata provider;
/// - metadata keys that are PII keys under the policy (`email`, `user.email`, `location`, ...): their
///   value is replaced whole (token, pseudonym or partial mask), or the key dropped for `remove`;
/// - the description of an attached error.
///
/// ```swift
/// let plan = RedactionPlan.intercom           // or try RedactionPlan(policyFile: "policy.json")
/// LoggingSystem.bootstrap { label in
///     RedactingLogHandler(wrapping: StreamLogHandler.standardOutput(label: label), plan: plan)
/// }
/// ```
public struct RedactingLogHandler: LogHandler {
    /// The handler that receives the redacted events.
    public private(set) var wrapped: any LogHandler
    /// The compiled policy (shared, `Sendable`).
    public let plan: RedactionPlan
    private var provider: Logger.MetadataProvider?

    /// Wraps `handler`. Its metadata and metadata provider are taken over, so they are redacted too.
    public init(wrapping handler: any LogHandler, plan: RedactionPlan = .intercom) {
        self.plan = plan
        self.wrapped = handler
        if let p = handler.metadataProvider {
            provider = p
            wrapped.metadataProvider = nil
        }
        if !handler.metadata.isEmpty { wrapped.metadata = Self.redact(handler.metadata, plan: plan) }
    }

    /// The wrapped handler's level.
    public var logLevel: Logger.Level {
        get { wrapped.logLevel }
        set { wrapped.logLevel = newValue }
    }

    /// The logger's metadata, stored redacted in the wrapped handler.
    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = Self.redact(newValue, plan: plan) }
    }

    /// One metadata value of the logger, stored redacted (a PII key's value whole).
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set {
            guard let newValue else { wrapped[metadataKey: key] = nil; return }
            wrapped[metadataKey: key] = Self.redact(newValue, path: [key], plan: plan)
        }
    }

    /// Metadata from the provider is merged into each event (under the call's own metadata) and
    /// redacted with it; the wrapped handler never sees the provider.
    public var metadataProvider: Logger.MetadataProvider? {
        get { provider }
        set { provider = newValue }
    }

    /// Redacts the event (message, metadata with the provider's, error) and forwards it.
    public func log(event: LogEvent) {
        var e = event
        e.message = Logger.Message(stringLiteral: plan.redact(event.message.description))
        var metadata = provider?.get() ?? [:]
        if let explicit = event.metadata { metadata.merge(explicit) { _, new in new } }
        e.metadata = metadata.isEmpty ? event.metadata : Self.redact(metadata, plan: plan)
        if let error = event.error {
            e.error = RedactedError(description: plan.redact(String(describing: error)))
        }
        wrapped.log(event: e)
    }

    // MARK: - Redacting metadata

    /// Redacts every value of `metadata` (keys are kept, except PII keys whose action is `remove`).
    public static func redact(_ metadata: Logger.Metadata, plan: RedactionPlan) -> Logger.Metadata {
        var out: Logger.Metadata = [:]
        out.reserveCapacity(metadata.count)
        for (key, value) in metadata {
            if let v = redact(value, path: [key], plan: plan) { out[key] = v }
        }
        return out
    }

    /// Redacts one metadata value found at `path`; nil when the policy removes the key.
    public static func redact(_ value: Logger.Metadata.Value, path: [String], plan: RedactionPlan) -> Logger.Metadata.Value? {
        let isString: Bool
        switch value {
        case .string, .stringConvertible: isString = true
        case .dictionary, .array: isString = false
        }
        switch plan.redactField(path: path, value: value.description, isString: isString) {
        case .remove: return nil
        case .replace(let replacement): return .string(replacement)
        case .keep: break
        }
        switch value {
        case .string(let s):
            return .string(plan.redact(s))
        case .stringConvertible(let c):
            return .string(plan.redact(c.description))
        case .dictionary(let d):
            var out: Logger.Metadata = [:]
            for (k, v) in d {
                if let r = redact(v, path: path + [k], plan: plan) { out[k] = r }
            }
            return .dictionary(out)
        case .array(let a):
            // Elements are values of the array's key, as in JSON.
            return .array(a.compactMap { redact($0, path: path, plan: plan) })
        }
    }
}

/// An error whose description has been redacted; stands in for the original in a forwarded event.
public struct RedactedError: Error, CustomStringConvertible, Sendable {
    /// The original error's description, redacted.
    public let description: String
    /// An error standing in for one whose description was `description` once redacted.
    public init(description: String) { self.description = description }
}
