// The engine under libFuzzer. Each input is redacted whole, in chunks through `StreamRedactor`
// (the chunk size taken from its first byte), and through the two-thread pipeline in tiny chunks
// (from its second byte: every chunk after the first redacted from a guessed state, redone when
// the guess was wrong); the checks are the contracts a crafted input could break: no trap (a
// trap is libFuzzer's crash), one output line per input line, and the same output however the
// input is split. Run with `scripts/libfuzz`.
import CFuzzDriver
import Redact
import RedactIO

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
    var configuration = PipelineConfiguration(maxRecordSize: plan.maxRecordSize)
    configuration.chunkSize = 16 + Int(input[size > 1 ? 1 : 0] % 128)
    configuration.threads = 2
    configuration.inlineThreshold = 0
    let sink = MemorySink()
    do {
        try Pipeline(plan: plan, configuration: configuration)
            .run(source: MemorySource(input, maxReadSize: chunk), sink: sink)
    } catch {
        fatalError("the pipeline failed writing to memory")
    }
    if sink.bytes != whole {
        fatalError("the pipeline in chunks of \(configuration.chunkSize) bytes differs from the whole input")
    }
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
