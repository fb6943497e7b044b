-- The soak's workload (bench/soak/run.sh), for a user drawn at random from $SOAK_USERS (a Lua
-- file returning {email, token, chat} triples, written by run.sh). $SOAK_SIGNIN_PERCENT of the
-- requests are POST /api/auth/sign-in/email with the right password (a full scrypt each); the
-- rest split 50:25:20 between
--   GET  /api/auth/get-session                         (bearer)
--   POST /api/chat/sessions/{id}/messages              (bearer)
--   GET  /api/chat/sessions/{id}/messages?limit=20     (bearer)
-- Counts answers by status; done() prints them with the latency figures.

local users = dofile(os.getenv("SOAK_USERS"))
local password = os.getenv("SOAK_PASSWORD")
local signin_percent = tonumber(os.getenv("SOAK_SIGNIN_PERCENT") or "5")
local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(id * 7919 + os.time())
  statuses = {}
end

local function pick()
  return users[math.random(#users)]
end

function request()
  local u = pick()
  local auth = { ["Authorization"] = "Bearer " .. u.token }
  if math.random() * 100 < signin_percent then
    return wrk.format("POST", "/api/auth/sign-in/email",
      { ["Content-Type"] = "application/json" },
      '{"email":"' .. u.email .. '","password":"' .. password .. '"}')
  end
  local r = math.random(95)
  if r <= 50 then
    return wrk.format("GET", "/api/auth/get-session", auth)
  elseif r <= 75 then
    auth["Content-Type"] = "application/json"
    return wrk.format("POST", "/api/chat/sessions/" .. u.chat .. "/messages", auth,
      '{"role":"user","content":"soak message ' .. math.random(1000000) .. '"}')
  else
    return wrk.format("GET", "/api/chat/sessions/" .. u.chat .. "/messages?limit=20", auth)
  end
end

-- Counted by status only: with several connections per thread, wrk does not tell which
-- request a response answers.
function response(status, headers, body)
  local key = tostring(status)
  statuses[key] = (statuses[key] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, t in ipairs(threads) do
    local s = t:get("statuses")
    for k, v in pairs(s) do total[k] = (total[k] or 0) + v end
  end
  local parts = {}
  for k, v in pairs(total) do table.insert(parts, k .. "=" .. v) end
  table.sort(parts)
  io.write(string.format("SOAK requests=%d socket_errors=%d timeouts=%d statuses=%s\n",
    summary.requests,
    summary.errors.connect + summary.errors.read + summary.errors.write,
    summary.errors.timeout, table.concat(parts, ",")))
  io.write(string.format("SOAK p50_ms=%.2f p99_ms=%.2f max_ms=%.2f mean_ms=%.2f\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    latency.mean / 1000))
end
