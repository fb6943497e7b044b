#include "core/clock.hpp"

namespace atrium {

Clock& system_clock() {
  static SystemClock clock;
  return clock;
}

}  // namespace atrium
