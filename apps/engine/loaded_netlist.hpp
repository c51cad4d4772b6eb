#pragma once
#include "parser/ast/netlist_ast.hpp"
#include "parser/elaborate/deck.hpp"
#include "parser/elaborate/elaborator.hpp"
#include "parser/source/source_manager.hpp"
#include "solver/support/diagnostic.hpp"

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace cablespice::app {

// A netlist file that cannot be read ("cannot open file 'x.cir': No such file or directory").
class NetlistOpenError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// A netlist parsed and elaborated once. The parse tree is kept, so points (.step, a Monte
// Carlo draw, a caller's list) elaborate again from it, and the source buffers stay alive for
// printing diagnostics. The CLI, the Python module and bench/ load decks through this.
class LoadedNetlist {
public:
    LoadedNetlist();

    // Parses and elaborates a file or an in-memory text (`name` is what diagnostics print).
    // Throws SourceError holding every diagnostic when there are errors, NetlistOpenError when
    // the file cannot be read. Warnings are kept in warnings().
    void loadFile(const std::filesystem::path& path, const elab::ElaborationOptions& options);
    void loadText(std::string text, std::string name, const elab::ElaborationOptions& options);

    const SourceManager& sources() const { return *sources_; }
    const ast::Netlist& netlist() const { return *netlist_; }
    elab::Deck& deck() { return *deck_; }
    const elab::Deck& deck() const { return *deck_; }
    const std::vector<Diagnostic>& warnings() const { return warnings_; }

    // Wall time of the last load's parse (with its includes) and elaboration (--stats).
    struct Times {
        double parseSeconds = 0.0;
        double elaborationSeconds = 0.0;
    };
    const Times& times() const { return times_; }

    // Frees the parse tree: a run without .step never elaborates again, and on a large
    // harness the tree is most of the memory held when the factorizations need theirs.
    void releaseParseTree() { netlist_.reset(); }

private:
    void load(std::uint32_t file, const elab::ElaborationOptions& options);

    std::unique_ptr<SourceManager> sources_;
    std::unique_ptr<ast::Netlist> netlist_;
    std::unique_ptr<elab::Deck> deck_;
    std::vector<Diagnostic> warnings_;
    Times times_;
};

} // namespace cablespice::app
