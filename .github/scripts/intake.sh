#!/usr/bin/env bash
# The intake of a GitHub issue form, run by .github/workflows/intake.yml (and by the tests, with a local
# repository and a stand-in for gh). What comes from the issue arrives in environment variables and is only
# ever handed on as data (a file, one argument): never pasted into a command.
#
#   intake.sh           one issue: BODY, SENDER (who opened or last edited it), ISSUE (its number), KIND (add
#                       or update), BASE (the default branch). Checks the form and the sender, adds (or
#                       updates) on a branch made afresh from BASE, validates, pushes, opens the pull request
#                       (once) and comments; or comments each problem and changes nothing.
#   intake.sh refresh   after a change to BASE: runs every open intake branch again on the new BASE, so two
#                       forms for one borough never end with the same id. A form edited since its branch was
#                       made is left to the run that its edit started.
set -euo pipefail

committer=(-c "user.name=apprentrack intake" -c "user.email=apprentrack-intake@users.noreply.github.com")

form_hash() { # of a form's body, trailing newlines aside (the API and the event may differ in them)
  local body
  body="$(printf '%s' "$1")"
  printf '%s' "$body" | sha256sum | cut -d' ' -f1
}

one_issue() {
  local branch="intake/issue-${ISSUE}" work
  work="$(mktemp -d)"
  printf '%s' "$BODY" >"$work/form.md"
  git fetch --quiet origin "$BASE"
  git checkout --quiet -B "$branch" "origin/$BASE"
  if ! apprentrack "$KIND" --from-issue-form "$work/form.md" --author "$SENDER" >"$work/out" 2>"$work/err"; then
    {
      echo "This form could not be used, so nothing was changed. Edit the issue to put it right; this check runs again."
      echo
      sed -n 's/^Error: /- /p' "$work/err"
    } >"$work/comment"
    gh issue comment "$ISSUE" --body-file "$work/comment"
    return 0
  fi
  if ! apprentrack validate >"$work/validate" 2>&1; then
    { echo "The records do not validate after this change, so no pull request was opened:"; echo; echo '```'
      cat "$work/validate"; echo '```'; } >"$work/comment"
    gh issue comment "$ISSUE" --body-file "$work/comment"
    return 1
  fi
  local done id
  done="$(grep -m1 -E '^(Added|Updated) ' "$work/out" "$work/err" | cut -d: -f2- || true)"
  id="$(printf '%s\n' "$done" | awk '{print $2}')"
  git add -A -- data
  git "${committer[@]}" commit --quiet -m "${KIND^} ${id} from issue #${ISSUE}" \
    -m "Requested-by: ${SENDER}" -m "Form-SHA256: $(form_hash "$BODY")"
  git push --quiet --force origin "$branch"
  if [ -z "$(gh pr list --head "$branch" --state open --json number --jq '.[].number')" ]; then
    printf 'Closes #%s. Made by the intake workflow from the issue form; `apprentrack validate` passed.\n' "$ISSUE" \
      >"$work/pr"
    gh pr create --base "$BASE" --head "$branch" --title "${KIND^} ${id} (issue #${ISSUE})" --body-file "$work/pr"
  fi
  { echo "${done}"; grep -m1 -E 'now counts|not a member' "$work/out" || true; echo
    echo "A pull request for review has been opened from branch \`${branch}\`; it closes this issue when merged."
  } >"$work/comment"
  gh issue comment "$ISSUE" --body-file "$work/comment"
}

refresh() {
  local branch message
  for branch in $(gh pr list --state open --json headRefName --jq '.[].headRefName | select(startswith("intake/issue-"))'); do
    ISSUE="${branch#intake/issue-}"
    git fetch --quiet origin "$branch"
    message="$(git log -1 --format=%B FETCH_HEAD)"
    SENDER="$(printf '%s\n' "$message" | sed -n 's/^Requested-by: //p')"
    KIND="$(printf '%s\n' "$message" | awk 'NR==1 {print tolower($1)}')"
    BODY="$(gh issue view "$ISSUE" --json body --jq .body)"
    if [ "$(form_hash "$BODY")" != "$(printf '%s\n' "$message" | sed -n 's/^Form-SHA256: //p')" ]; then
      continue # edited since: the run its edit started has made (or refused) the branch
    fi
    one_issue
  done
}

if [ "${1:-}" = refresh ]; then refresh; else one_issue; fi
