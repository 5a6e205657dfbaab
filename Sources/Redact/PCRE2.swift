import CPCRE2

/// A PCRE2 pattern compiled once (and JIT-compiled when the platform allows), shared read-only by
/// every thread. Matching needs a per-thread `PCRE2Matcher`.
final class CompiledRegex: @unchecked Sendable {
    // pcre2_code is immutable after compilation and documented as safe to share between threads.
    let code: OpaquePointer
    let jit: Bool
    /// National number lengths by country code, consulted by the digit callout (or nil).
    let countryLengths: UnsafeMutablePointer<cpcre2_country_lengths>?

    struct CompileError: Error, CustomStringConvertible {
        let message: String
        let offset: Int
        var description: String { "\(message) at pattern offset \(offset)" }
    }

    /// Compiles in extended mode (whitespace and `#` comments are insignificant). With `maxDigits`,
    /// a match may hold at most that many ASCII digits: the pattern backtracks until one does.
    init(_ pattern: String, caseless: Bool, multiline: Bool = false, maxDigits: Int? = nil,
         countryLengths: [Int: ClosedRange<Int>] = [:]) throws(CompileError) {
        var pattern = pattern
        let prefix = maxDigits == nil ? 0 : 3
        if let maxDigits {
            precondition((0...255).contains(maxDigits))
            pattern = "(?:" + pattern + "\n)(?C\(maxDigits))"
        }
        var options: UInt32 = PCRE2_EXTENDED
        if caseless { options |= PCRE2_CASELESS }
        if multiline { options |= PCRE2_MULTILINE }
        var errorCode: Int32 = 0
        var errorOffset = 0
        let bytes = Array(pattern.utf8)
        let compiled = bytes.withUnsafeBufferPointer { p in
            pcre2_compile_8(p.baseAddress, p.count, options, &errorCode, &errorOffset, nil)
        }
        guard let compiled else {
            var buffer = [UInt8](repeating: 0, count: 256)
            let n = pcre2_get_error_message_8(errorCode, &buffer, buffer.count)
            throw CompileError(message: String(decoding: buffer.prefix(max(0, Int(n))), as: UTF8.self),
                               offset: max(0, errorOffset - prefix))
        }
        code = compiled
        jit = pcre2_jit_compile_8(compiled, PCRE2_JIT_COMPLETE) == 0
        if countryLengths.isEmpty {
            self.countryLengths = nil
        } else {
            let table = UnsafeMutablePointer<cpcre2_country_lengths>.allocate(capacity: 1)
            table.initialize(to: cpcre2_country_lengths())
            UnsafeMutableRawPointer(table).withMemoryRebound(to: UInt8.self, capacity: 2000) { bytes in
                for (cc, range) in countryLengths where (1..<1000).contains(cc) {
                    bytes[cc] = UInt8(clamping: max(1, range.lowerBound))
                    bytes[1000 + cc] = UInt8(clamping: range.upperBound)
                }
            }
            self.countryLengths = table
        }
    }

    /// The compiled code as plain pointers, for the hot loops (no reference to count): valid while
    /// this object lives.
    struct Raw {
        let code: OpaquePointer
        let jit: Bool
        let countryLengths: UnsafeMutablePointer<cpcre2_country_lengths>?
    }

    var raw: Raw { Raw(code: code, jit: jit, countryLengths: countryLengths) }

    deinit {
        pcre2_code_free_8(code)
        countryLengths?.deallocate()
    }
}

/// Per-thread matching state: match data, a match context with limits and a JIT stack.
/// Created once per `LineRedactor`, reused for every match.
final class PCRE2Matcher {
    /// Outcome of one search.
    enum Result {
        case match(start: Int, end: Int)
        case noMatch
        /// The search hit a resource limit (match limit, JIT stack): the caller must fail closed.
        case limit
    }

    static let matchLimit: UInt32 = 1_000_000

    private let matchData: OpaquePointer
    private let context: OpaquePointer
    private let jitStack: OpaquePointer?

    init() {
        matchData = pcre2_match_data_create_8(4, nil)
        context = pcre2_match_context_create_8(nil)
        pcre2_set_match_limit_8(context, Self.matchLimit)
        pcre2_set_depth_limit_8(context, 10_000)

        jitStack = pcre2_jit_stack_create_8(32 * 1024, 512 * 1024, nil)
        if let jitStack { pcre2_jit_stack_assign_8(context, nil, UnsafeMutableRawPointer(jitStack)) }
    }

    deinit {
        pcre2_match_data_free_8(matchData)
        pcre2_match_context_free_8(context)
        if let jitStack { pcre2_jit_stack_free_8(jitStack) }
    }

    /// The match data and context as plain pointers (see `CompiledRegex.Raw`): valid while this
    /// object lives.
    struct Raw {
        let matchData: OpaquePointer
        let context: OpaquePointer
    }

    var raw: Raw { Raw(matchData: matchData, context: context) }

    /// Searches `subject[start...]`. Lookbehinds see bytes before `start` but never before the subject.
    func search(_ regex: CompiledRegex, _ subject: UnsafePointer<UInt8>, length: Int, from start: Int) -> Result {
        Self.search(regex.raw, raw, subject, length: length, from: start)
    }

    /// `search` with plain pointers: the engine's loops call it per window, and a class reference
    /// loaded from the engine's state is retained and released around each call into PCRE2.
    @inline(__always)
    static func search(_ regex: CompiledRegex.Raw, _ m: Raw, _ subject: UnsafePointer<UInt8>, length: Int,
                       from start: Int) -> Result {
        cpcre2_set_phone_callout(m.context, regex.countryLengths)
        let rc = regex.jit
            ? pcre2_jit_match_8(regex.code, subject, length, start, 0, m.matchData, m.context)
            : pcre2_match_8(regex.code, subject, length, start, 0, m.matchData, m.context)
        if rc == PCRE2_ERROR_NOMATCH { return .noMatch }
        if rc < 0 { return .limit }
        let ovector = pcre2_get_ovector_pointer_8(m.matchData)!
        var s = ovector[0], e = ovector[1]
        if s > e { swap(&s, &e) }  // \K inside a lookahead can invert the pair
        return .match(start: s, end: e)
    }
}
