#include "sim/dram/dram_controller.hpp"

#include <algorithm>

namespace tpe::dram {

DramController::DramController(const DramSpec& spec, int queue_depth, bool keep_log)
    : spec_(spec), depth_(queue_depth), keep_log_(keep_log) {
  units_.reserve(size_t(spec.org.units()));
  for (int i = 0; i < spec.org.units(); ++i) units_.push_back(Unit{DramUnit(spec), {}, uint64_t(spec.t.tREFI)});
}

bool DramController::can_accept(uint64_t addr) const {
  return int(units_[size_t(decode_address(spec_.org, addr).unit(spec_.org))].queue.size()) < depth_;
}

bool DramController::enqueue(const DramRequest& r) {
  const DramAddress a = decode_address(spec_.org, r.addr);
  Unit& u = units_[size_t(a.unit(spec_.org))];
  if (int(u.queue.size()) >= depth_) return false;
  u.queue.push_back(Pending{r, a, false});
  return true;
}

bool DramController::idle() const {
  for (const Unit& u : units_)
    if (!u.queue.empty()) return false;
  return now_ > last_data_;
}

uint64_t DramController::drain() {
  while (!idle()) tick();
  return now_;
}

bool DramController::queues_empty() const {
  for (const Unit& u : units_)
    if (!u.queue.empty()) return false;
  return true;
}

void DramController::skip_to(uint64_t cycle) {
  while (now_ < cycle) {
    if (!queues_empty()) {
      tick();
      continue;
    }
    uint64_t due = cycle;
    for (const Unit& u : units_) due = std::min(due, u.refresh_due);
    if (due > now_)
      now_ = due;  // nothing to issue before the next refresh falls due
    else
      tick();      // a refresh is due: PREA / REFab as the scheduler issues them
  }
}

std::vector<DramCompletion> DramController::take_completions() {
  std::vector<DramCompletion> out;
  out.swap(done_);
  return out;
}

void DramController::tick() {
  for (int u = 0; u < int(units_.size()); ++u) schedule(u);
  ++now_;
}

void DramController::issue(int u, Cmd c, const DramAddress& a) {
  units_[size_t(u)].dev.issue(c, a.flat_bank(spec_.org), a.row, now_);
  ++stats_.commands[size_t(c)];
  if (keep_log_) log_.push_back(IssuedCommand{now_, c, a});
}

void DramController::schedule(int ui) {
  Unit& u = units_[size_t(ui)];
  const DramOrganisation& o = spec_.org;
  if (now_ >= u.refresh_due) {
    DramAddress unit_addr;
    unit_addr.channel = ui / o.pseudo_channels;
    unit_addr.pseudo_channel = ui % o.pseudo_channels;
    if (u.dev.any_open()) {
      if (u.dev.can_issue(Cmd::PREA, 0, now_)) issue(ui, Cmd::PREA, unit_addr);
    } else if (u.dev.can_issue(Cmd::REFab, 0, now_)) {
      issue(ui, Cmd::REFab, unit_addr);
      u.refresh_due += uint64_t(spec_.t.tREFI);
    }
    return;
  }
  // First ready: the oldest row hit whose column command is legal now.
  for (auto it = u.queue.begin(); it != u.queue.end(); ++it) {
    const int bank = it->a.flat_bank(o);
    if (!u.dev.is_open(bank) || u.dev.open_row(bank) != it->a.row) continue;
    const Cmd c = it->req.write ? Cmd::WR : Cmd::RD;
    if (!u.dev.can_issue(c, bank, now_)) continue;
    issue(ui, c, it->a);
    const uint64_t end = now_ + uint64_t(it->req.write ? spec_.t.WL : spec_.t.RL) + uint64_t(spec_.t.burst_cycles);
    last_data_ = std::max(last_data_, end);
    done_.push_back(DramCompletion{it->req.id, end, it->req.write});
    ++(it->req.write ? stats_.writes : stats_.reads);
    if (!it->caused_act) ++stats_.row_hits;
    stats_.bytes += uint64_t(o.access_bytes);
    u.queue.erase(it);
    return;
  }
  // Then the oldest request whose row command is legal now.
  for (auto it = u.queue.begin(); it != u.queue.end(); ++it) {
    const int bank = it->a.flat_bank(o);
    if (!u.dev.is_open(bank)) {
      if (!u.dev.can_issue(Cmd::ACT, bank, now_)) continue;
      issue(ui, Cmd::ACT, it->a);
      it->caused_act = true;
      return;
    }
    const int open = u.dev.open_row(bank);
    if (open == it->a.row) continue;  // a hit waiting for its column timing
    const bool hits_pending = std::any_of(u.queue.begin(), u.queue.end(), [&](const Pending& p) {
      return p.a.flat_bank(o) == bank && p.a.row == open;
    });
    if (hits_pending || !u.dev.can_issue(Cmd::PRE, bank, now_)) continue;
    DramAddress closed = it->a;  // the log names the row being closed
    closed.row = open;
    closed.column = 0;
    issue(ui, Cmd::PRE, closed);
    return;
  }
}

}  // namespace tpe::dram
