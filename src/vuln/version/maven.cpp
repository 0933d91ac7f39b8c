// SPDX-License-Identifier: Apache-2.0
// Maven versions, after org.apache.maven.artifact.versioning.ComparableVersion (Maven 3.9.9) and
// https://maven.apache.org/pom.html#version-order-specification:
//   "1.0-alpha-1" → [1, [alpha, [1]]]; '.' separates items, '-' and digit↔letter transitions
//   open a sub-list; trailing "null" items (0, "", "final", "ga", "release") are dropped.
// Qualifier order: alpha(a) < beta(b) < milestone(m) < rc(cr) < snapshot < "" < sp < other
// strings (lexically); numbers beat qualifiers and sub-lists. Case-insensitive.
// Items live in one flat array (lists reference their children by index), so comparing two
// versions allocates only that array.
#include <memory>
#include <string>
#include <vector>

#include "vuln/version/detail.hpp"
#include "vuln/version/schemes.hpp"

namespace berth::vuln::version {
namespace {

using detail::is_digit;

enum class Kind { Number, String, List };

struct Item {
    Kind kind = Kind::List;
    std::string_view text;      // Number: digits without leading zeros; String: lower-cased text
    int rank = 0;               // String: index in the qualifier order, 7 = unknown (then by text)
    std::vector<int> children;  // List: indexes into Tree::items
};

struct Tree {
    std::string lowered;
    std::vector<Item> items;  // items[0] is the root list
};

// ComparableVersion's comparableQualifier(): the index of a known qualifier, else 7 followed by
// the text ("7-" + text compares after every single-digit index).
constexpr int kReleaseRank = 5;
constexpr int kUnknownRank = 7;
int qualifier_rank(std::string_view q) {
    constexpr std::string_view kQualifiers[] = {"alpha",    "beta", "milestone", "rc",
                                                "snapshot", "",     "sp"};
    for (std::size_t i = 0; i < std::size(kQualifiers); ++i)
        if (kQualifiers[i] == q) return static_cast<int>(i);
    return kUnknownRank;
}

int compare_qualifiers(const Item& a, const Item& b) {
    if (a.rank != b.rank) return a.rank < b.rank ? -1 : 1;
    return a.rank == kUnknownRank ? detail::compare_bytes(a.text, b.text) : 0;
}

class Builder {
  public:
    explicit Builder(Tree& t) : t_(t) {}

    int new_list() {
        t_.items.push_back(Item{});
        return static_cast<int>(t_.items.size() - 1);
    }
    // Appends a child to list `list` and returns its index.
    int add(int list, Item item) {
        t_.items.push_back(std::move(item));
        int idx = static_cast<int>(t_.items.size() - 1);
        t_.items[static_cast<std::size_t>(list)].children.push_back(idx);
        return idx;
    }
    int add_list(int list) {
        int idx = new_list();
        t_.items[static_cast<std::size_t>(list)].children.push_back(idx);
        return idx;
    }
    bool empty(int list) const { return t_.items[static_cast<std::size_t>(list)].children.empty(); }

    Item number(std::string_view digits) {
        while (digits.size() > 1 && digits.front() == '0') digits.remove_prefix(1);
        Item it;
        it.kind = Kind::Number;
        it.text = digits;
        return it;
    }
    Item string(std::string_view s, bool followed_by_digit) {
        if (followed_by_digit && s.size() == 1) {
            if (s == "a")
                s = "alpha";
            else if (s == "b")
                s = "beta";
            else if (s == "m")
                s = "milestone";
        }
        if (s == "ga" || s == "final" || s == "release")
            s = "";
        else if (s == "cr")
            s = "rc";
        Item it;
        it.kind = Kind::String;
        it.text = s;
        it.rank = qualifier_rank(s);
        return it;
    }
    Item parse_item(bool digit, std::string_view buf) {
        return digit ? number(buf) : string(buf, false);
    }

  private:
    Tree& t_;
};

bool is_null(const Item& it) {
    switch (it.kind) {
        case Kind::Number:
            return it.text == "0";
        case Kind::String:
            return it.rank == kReleaseRank;
        case Kind::List:
            return it.children.empty();
    }
    return false;
}

void normalize(Tree& t, int list) {
    auto& ch = t.items[static_cast<std::size_t>(list)].children;
    for (std::size_t i = ch.size(); i-- > 0;) {
        const Item& last = t.items[static_cast<std::size_t>(ch[i])];
        if (is_null(last)) {
            ch.erase(ch.begin() + static_cast<std::ptrdiff_t>(i));
        } else if (last.kind != Kind::List) {
            break;
        }
    }
}

// Fills `t` (by reference: items hold views into t.lowered, which must not move afterwards).
void parse_maven(std::string_view version, Tree& t) {
    t.lowered = text::lower(version);
    t.items.reserve(version.size() * 2 + 2);
    std::string_view v = t.lowered;
    Builder b(t);
    int list = b.new_list();
    std::vector<int> stack{list};
    bool digit = false;
    std::size_t start = 0;
    for (std::size_t i = 0; i < v.size(); ++i) {
        char c = v[i];
        if (c == '.') {
            if (i == start)
                b.add(list, b.number("0"));
            else
                b.add(list, b.parse_item(digit, v.substr(start, i - start)));
            start = i + 1;
        } else if (c == '-') {
            if (i == start)
                b.add(list, b.number("0"));
            else
                b.add(list, b.parse_item(digit, v.substr(start, i - start)));
            start = i + 1;
            list = b.add_list(list);
            stack.push_back(list);
        } else if (is_digit(c)) {
            if (!digit && i > start) {
                // "1.0.0.X1" < "1.0.0-X2": a qualifier after '.' opens a sub-list like '-' does
                if (!b.empty(list)) {
                    list = b.add_list(list);
                    stack.push_back(list);
                }
                b.add(list, b.string(v.substr(start, i - start), true));
                start = i;
                list = b.add_list(list);
                stack.push_back(list);
            }
            digit = true;
        } else {
            if (digit && i > start) {
                b.add(list, b.parse_item(true, v.substr(start, i - start)));
                start = i;
                list = b.add_list(list);
                stack.push_back(list);
            }
            digit = false;
        }
    }
    if (v.size() > start) {
        if (!digit && !b.empty(list)) {
            list = b.add_list(list);
            stack.push_back(list);
        }
        b.add(list, b.parse_item(digit, v.substr(start)));
    }
    while (!stack.empty()) {
        normalize(t, stack.back());
        stack.pop_back();
    }
}

int cmp_item(const Tree& ta, const Item* a, const Tree& tb, const Item* b);

// a compared with "nothing" (b == nullptr)
int cmp_null(const Tree& ta, const Item& a) {
    switch (a.kind) {
        case Kind::Number:
            return a.text == "0" ? 0 : 1;
        case Kind::String:
            return a.rank < kReleaseRank ? -1 : (a.rank > kReleaseRank ? 1 : 0);
        case Kind::List:
            if (a.children.empty()) return 0;
            return cmp_null(ta, ta.items[static_cast<std::size_t>(a.children.front())]);
    }
    return 0;
}

int cmp_item(const Tree& ta, const Item* a, const Tree& tb, const Item* b) {
    if (b == nullptr) return cmp_null(ta, *a);
    switch (a->kind) {
        case Kind::Number:
            if (b->kind == Kind::Number) return detail::compare_digits(a->text, b->text);
            return 1;
        case Kind::String:
            if (b->kind == Kind::String) return compare_qualifiers(*a, *b);
            return -1;
        case Kind::List: {
            if (b->kind == Kind::Number) return -1;
            if (b->kind == Kind::String) return 1;
            std::size_t n =
                a->children.size() > b->children.size() ? a->children.size() : b->children.size();
            for (std::size_t i = 0; i < n; ++i) {
                const Item* l = i < a->children.size()
                                    ? &ta.items[static_cast<std::size_t>(a->children[i])]
                                    : nullptr;
                const Item* r = i < b->children.size()
                                    ? &tb.items[static_cast<std::size_t>(b->children[i])]
                                    : nullptr;
                int res = l == nullptr ? -cmp_item(tb, r, ta, nullptr) : cmp_item(ta, l, tb, r);
                if (res != 0) return res;
            }
            return 0;
        }
    }
    return 0;
}

class Maven final : public Scheme {
  public:
    /// Bumped when the ordering changes (shown by `berth plugins`).
    static constexpr int kVersion = 1;
    [[nodiscard]] std::string_view name() const override { return "maven"; }
    [[nodiscard]] int version() const override { return kVersion; }

    [[nodiscard]] Result<int> compare(std::string_view a, std::string_view b) const override {
        if (auto st = validate(a); !st) return fail(st.error());
        if (auto st = validate(b); !st) return fail(st.error());
        Tree x, y;
        parse_maven(a, x);
        parse_maven(b, y);
        return detail::sign(cmp_item(x, &x.items[0], y, &y.items[0]));
    }

    // ComparableVersion orders any string; berth refuses only what cannot be a version at all.
    [[nodiscard]] Status validate(std::string_view v) const override {
        if (detail::trim(v).empty()) return detail::invalid("maven", v, "version is empty");
        bool alnum = false;
        for (char c : v) alnum = alnum || detail::is_alnum(c);
        if (!alnum) return detail::invalid("maven", v, "no letter or digit");
        for (char c : v) {
            auto u = static_cast<unsigned char>(c);
            if (u < 0x20 || u == 0x7f || c == ' ')
                return detail::invalid("maven", v, "contains whitespace or control characters");
        }
        return {};
    }
};

}  // namespace

std::unique_ptr<Scheme> make_maven() {
    return std::make_unique<Maven>();
}

}  // namespace berth::vuln::version
