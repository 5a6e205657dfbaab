// The engine under libFuzzer. Each input is redacted whole and in chunks (the chunk size taken
// from its first byte); the checks are the contracts a crafted input could break: no trap (a
// trap is libFuzzer's crash), one output line per input line, and the same output however the
// input is split. Run with `scripts/libfuzz`.
import CFuzzDriver
import Redact

let plan = RedactionPlan.intercom

func newlines(_ b: [UInt8]) -> Int { b.reduce(0) { $0 + ($1 == 0x0A ? 1 : 0) } }

/// libFuzzer's callback (its runtime also refers to it by this name).
@_cdecl("LLVMFuzzerTestOneInput")
public func check(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    guard let data, size > 0 else { return 0 }
    let input = Array(UnsafeBufferPointer(start: data, count: size))
    let whole = plan.redact(bytes: input)
    if newlines(whole) != newlines(input) {
        fatalError("\(newlines(input)) lines in, \(newlines(whole)) out")
    }
    let chunk = 1 + Int(input[0] % 64)
    var stream = StreamRedactor(plan: plan)
    var out: [UInt8] = []
    var i = 0
    while i < input.count {
        let j = min(i + chunk, input.count)
        input[i..<j].withUnsafeBytes { stream.feed($0, into: &out) }
        i = j
    }
    stream.finish(into: &out)
    if out != whole { fatalError("chunks of \(chunk) bytes differ from the whole input") }
    return 0
}

/// The executable's entry point. SwiftPM links an executable's `main` under the name
/// `<module>_main` and calls it from its own `main`; libFuzzer's `main` is then never linked, so
/// this one starts libFuzzer's driver.
@_cdecl("redact_fuzz_main")
public func fuzzMain(_ argc: Int32, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> Int32 {
    var count = argc
    var arguments: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = argv
    return LLVMFuzzerRunDriver(&count, &arguments) { check($0, $1) }
}
