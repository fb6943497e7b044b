-- wrk script: GET the first page (20 messages) of one of the prepared chat sessions.
-- Usage: wrk … -s list.lua -- <file with one session id per line>
local sessions = {}

function init(args)
  for line in io.lines(args[1]) do
    sessions[#sessions + 1] = line
  end
  math.randomseed(os.time() + math.random(1000))
end

function request()
  local id = sessions[math.random(#sessions)]
  return wrk.format("GET", "/api/chat/sessions/" .. id .. "/messages?limit=20")
end

function response(status)
  if status ~= 200 then
    io.stderr:write("unexpected status " .. status .. "\n")
  end
end
