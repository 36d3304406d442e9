// TODO: implement (placeholder so the tree builds while work is split).
#include "protocols.hpp"

namespace weir {

void register_tls(Registry&) {}

}  // namespace weir
