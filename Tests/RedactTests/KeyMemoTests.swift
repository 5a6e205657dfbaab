import Testing
@_spi(Kernels) @testable import Redact

/// The key memo answers exactly what the plan answers, whatever the key, its length, where it lies
/// in the buffer (next to the buffer's end it is read byte by byte) and whatever shared its slot.
@Suite struct KeyMemoTests {
    static let words = ["email", "name", "phone", "Phone", "homePhone", "mobile_number", "type", "id", "created_at",
                        "ip_address", "location", "ssn", "address", "custom_attributes", "tel", "hotel", "fax_no",
                        "e", "", "x", "cellular", "whatsapp", "EMAIL", "a_rather_long_key_name_of_30_b", "emailx"]

    @Test(arguments: [1, 4, 9]) func answersAsThePlanDoes(slotBits: Int) {
        let plan = RedactionPlan.intercom
        let memo = KeyMemo(plan: plan, gate: ByteKernels.KeyGate(keys: plan.keys, phoneWords: plan.phoneKeyWords), slotBits: slotBits)
        var r = RNG(state: 11)
        var lookups = 0
        for round in 0..<20_000 {
            var key: [UInt8]
            if round % 4 == 3 {
                // The same first 16 bytes, the rest decides (some such keys share a slot).
                key = Array("customer_contact".utf8) + Array(r.pick(["fax", "tel", "phone", "mob", "xyz", "abc", "name"]).utf8)
                    + (0..<r.int(3)).map { _ in r.pick(Array("ab_".utf8)) }
            } else if round % 3 == 0 {
                key = (0..<r.int(30)).map { _ in r.pick(Array("abcdefghilmnoprstuxyz_EPN0123".utf8)) }
            } else {
                key = Array(r.pick(Self.words).utf8)
                if r.chance(20) { key += Array(r.pick(Self.words).utf8) }
            }
            // The key at the end of its buffer, or followed by `":` and padding.
            let tail: [UInt8] = r.chance(30) ? [] : Array("\": 1, \"more\": 2}".utf8)
            let buffer = Array("{\"".utf8) + key + tail
            buffer.withUnsafeBufferPointer { b in
                let p = b.baseAddress!
                let s = 2, e = 2 + key.count
                let v = memo.verdict(p, s, e, bufferEnd: b.count)
                lookups += 1
                #expect(v.id == plan.keyID(p, s, e), "round \(round)")
                #expect(v.phone == plan.isPhoneKey(p, s, e), "round \(round)")
            }
        }
        #expect(memo.hits <= lookups)
        // Repeated keys are answered from the memo (with enough slots).
        if slotBits >= 9 { #expect(memo.hits > lookups / 3) }
    }
}
