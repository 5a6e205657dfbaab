// swift-tools-version: 6.1
// A coverage-guided fuzzer (libFuzzer, which the Swift toolchain ships) for the engine: build it
// with `scripts/libfuzz`, which passes `-sanitize=fuzzer` so every Swift module is instrumented.
// It depends on the repository by path.
import Foundation
import PackageDescription

// A path dependency is named after its directory, which depends on where the repository is cloned.
let redact = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    .deletingLastPathComponent().lastPathComponent

let package = Package(
    name: "redact-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        // libFuzzer's entry point, declared in C (it brings its own `main`; SwiftPM renames an
        // executable's `main`, so the Swift side starts the driver itself).
        .target(name: "CFuzzDriver"),
        .executableTarget(
            name: "redact-fuzz",
            dependencies: ["CFuzzDriver", .product(name: "Redact", package: redact),
                           .product(name: "RedactIO", package: redact)],
            swiftSettings: [.unsafeFlags(["-parse-as-library"])]),
    ]
)
