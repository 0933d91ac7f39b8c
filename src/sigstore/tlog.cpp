// SPDX-License-Identifier: Apache-2.0
#include "sigstore/tlog.hpp"

#include <charconv>

#include "core/json_read.hpp"
#include "sigstore/crypto.hpp"
#include "sigstore/encoding.hpp"

namespace berth::sigstore {

namespace {

std::string node_hash(std::string_view left, std::string_view right) {
    std::string in(1, '\x01');
    in += left;
    in += right;
    return sha256_bytes(in);
}

Error mismatch(std::string message) {
    return Error{ErrorCode::DigestMismatch, std::move(message), ""};
}

}  // namespace

Status verify_inclusion_proof(const InclusionProof& proof, std::string_view body) {
    if (proof.tree_size <= 0 || proof.log_index < 0 || proof.log_index >= proof.tree_size) {
        return fail(mismatch("inclusion proof index " + std::to_string(proof.log_index) +
                             " is outside the tree of size " + std::to_string(proof.tree_size)));
    }
    std::string leaf(1, '\x00');
    leaf += body;
    std::string r = sha256_bytes(leaf);
    auto fn = static_cast<std::uint64_t>(proof.log_index);
    auto sn = static_cast<std::uint64_t>(proof.tree_size) - 1;
    for (const std::string& p : proof.hashes) {
        if (sn == 0) return fail(mismatch("inclusion proof has more hashes than the tree needs"));
        if ((fn & 1U) != 0 || fn == sn) {
            r = node_hash(p, r);
            if ((fn & 1U) == 0) {
                while ((fn & 1U) == 0 && fn != 0) {
                    fn >>= 1U;
                    sn >>= 1U;
                }
            }
        } else {
            r = node_hash(r, p);
        }
        fn >>= 1U;
        sn >>= 1U;
    }
    if (sn != 0) return fail(mismatch("inclusion proof has too few hashes for the tree size"));
    if (r != proof.root_hash) {
        return fail(mismatch("inclusion proof does not lead to the root hash (computed " +
                             base64_encode(r) + ", expected " + base64_encode(proof.root_hash) +
                             ")"));
    }
    return {};
}

namespace {

constexpr std::string_view kDash = "\xE2\x80\x94 ";  // "— " starts a signed-note signature line

struct SignedNote {
    std::string body;  ///< the signed text: every line up to the blank line, with its newline
    std::string origin;
    std::string size;
    std::string root_hash_b64;
    std::vector<std::string> signature_lines;
};

Result<SignedNote> parse_note(std::string_view text) {
    const std::size_t split = text.find("\n\n");
    if (split == std::string_view::npos) {
        return fail(ErrorCode::Format, "checkpoint: no blank line before the signatures");
    }
    SignedNote n;
    n.body = std::string(text.substr(0, split + 1));
    std::vector<std::string> lines;
    for (std::size_t pos = 0; pos < n.body.size();) {
        const std::size_t nl = n.body.find('\n', pos);
        lines.emplace_back(n.body.substr(pos, nl - pos));
        pos = nl + 1;
    }
    if (lines.size() < 3) {
        return fail(ErrorCode::Format,
                    "checkpoint: needs an origin, a tree size and a root hash "
                    "line, got " +
                        std::to_string(lines.size()) + " lines");
    }
    n.origin = lines[0];
    n.size = lines[1];
    n.root_hash_b64 = lines[2];
    std::string_view sigs = text.substr(split + 2);
    while (!sigs.empty()) {
        const std::size_t nl = sigs.find('\n');
        if (nl == std::string_view::npos) {
            return fail(ErrorCode::Format, "checkpoint: signature line without a newline");
        }
        n.signature_lines.emplace_back(sigs.substr(0, nl));
        sigs.remove_prefix(nl + 1);
    }
    if (n.signature_lines.empty()) return fail(ErrorCode::Format, "checkpoint: no signature");
    return n;
}

Status check_note_body(const SignedNote& n, const InclusionProof& proof) {
    if (n.origin.empty()) return fail(ErrorCode::Format, "checkpoint: empty origin line");
    std::uint64_t size = 0;
    auto [p, ec] = std::from_chars(n.size.data(), n.size.data() + n.size.size(), size);
    if (ec != std::errc() || p != n.size.data() + n.size.size() || n.size.empty()) {
        return fail(ErrorCode::Format, "checkpoint: second line \"" + n.size.substr(0, 40) +
                                           "\" is not a tree size (is the origin line missing?)");
    }
    auto root = base64_decode_strict(n.root_hash_b64);
    if (!root || root->size() != 32) {
        return fail(ErrorCode::Format, "checkpoint: third line \"" + n.root_hash_b64.substr(0, 60) +
                                           "\" is not a base64 root hash");
    }
    if (size != static_cast<std::uint64_t>(proof.tree_size)) {
        return fail(mismatch("checkpoint tree size " + n.size + " differs from the proof's " +
                             std::to_string(proof.tree_size)));
    }
    if (*root != proof.root_hash) {
        return fail(mismatch("checkpoint root hash differs from the inclusion proof's"));
    }
    return {};
}

}  // namespace

Status verify_checkpoint(const InclusionProof& proof, const LogKey& log) {
    if (proof.checkpoint.empty()) return {};  // v0.1: the SET carries the entry
    auto note = parse_note(proof.checkpoint);
    if (!note) return fail(note.error());
    if (auto s = check_note_body(*note, proof); !s) return s;
    auto key = parse_public_key(log.key_der);
    if (!key) return fail(ErrorCode::Format, "trusted root: log " + log.base_url + ": bad key");
    const std::string hint = log.log_id.substr(0, 4);
    int candidates = 0;
    for (const std::string& line : note->signature_lines) {
        if (line.rfind(kDash, 0) != 0) {
            return fail(ErrorCode::Format,
                        "checkpoint: signature line does not start with "
                        "\"— \"");
        }
        const std::size_t space = line.rfind(' ');
        auto raw = base64_decode_strict(std::string_view(line).substr(space + 1));
        if (space <= kDash.size() || !raw || raw->size() < 5) {
            return fail(ErrorCode::Format, "checkpoint: malformed signature line");
        }
        if (raw->substr(0, 4) != hint) continue;  // a witness or another key: not ours to check
        ++candidates;
        if (verify_bytes(key->get(), note->body, std::string_view(*raw).substr(4))) return {};
    }
    if (candidates == 0) {
        return fail(mismatch("checkpoint has no signature from the log (no line with key hint " +
                             to_hex(hint) + " of " + log.base_url + ")"));
    }
    return fail(mismatch("checkpoint signature of " + log.base_url + " does not verify"));
}

Status verify_signed_entry_timestamp(const TlogEntry& entry, const LogKey& log) {
    const nlohmann::json payload = {{"body", entry.body_base64},
                                    {"integratedTime", entry.integrated_time},
                                    {"logID", to_hex(entry.log_id)},
                                    {"logIndex", entry.log_index}};
    auto key = parse_public_key(log.key_der);
    if (!key) return fail(ErrorCode::Format, "trusted root: log " + log.base_url + ": bad key");
    if (!verify_bytes(key->get(), payload.dump(), entry.signed_entry_timestamp)) {
        return fail(mismatch("signed entry timestamp of " + log.base_url + " does not verify"));
    }
    return {};
}

std::string dsse_pae(std::string_view payload_type, std::string_view payload) {
    std::string out = "DSSEv1 " + std::to_string(payload_type.size()) + " ";
    out += payload_type;
    out += " " + std::to_string(payload.size()) + " ";
    out += payload;
    return out;
}

}  // namespace berth::sigstore
