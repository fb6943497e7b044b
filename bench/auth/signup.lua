-- POST /api/auth/sign-up/email with a fresh e-mail per request (one scrypt hash each).
local counter = 0
local prefix = ""
local threads = 0

function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end

function init(args)
  prefix = string.format("t%d-%d-%d", id or 0, os.time(), math.random(1, 1000000000))
end

function request()
  counter = counter + 1
  local body = string.format(
    '{"name":"Bench User","email":"%s-%d@bench.example.com","password":"bench-password-123"}',
    prefix, counter)
  return wrk.format("POST", "/api/auth/sign-up/email", {["Content-Type"] = "application/json"}, body)
end
