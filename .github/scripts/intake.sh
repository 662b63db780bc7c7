#!/usr/bin/env bash
# The intake of a GitHub issue form, run by .github/workflows/intake.yml (and by the tests, with a local
# repository and a stand-in for gh). What comes from the issue arrives in environment variables and is only
# ever handed on as data (a file, one argument): never pasted into a command. Whatever the form holds that a
# comment quotes is put in code, where it can mention nobody and make no markup.
#
#   intake.sh           one issue: BODY, SENDER (who opened or last edited it), ISSUE (its number), KIND (add
#                       or update), BASE (the default branch), CREATED (when the issue was opened), STATE
#                       (open or closed), BODY_CHANGED (no: only the title was edited), GH_REPO (owner/name).
#                       Checks the issue has not been turned into a hire already, that the sender may write
#                       to the repository (GitHub ignores a CODEOWNERS line of anyone who may not) and is
#                       listed in CODEOWNERS for the borough's file, then adds (or updates) on a branch made
#                       afresh from BASE, validates, pushes, opens the pull request (once) and comments; or
#                       comments each problem and changes nothing.
#   intake.sh refresh   after a change to BASE: runs every open intake branch of this repository again on the
#                       new BASE, each on its own (one that fails stops no other), so two forms for one
#                       borough never end with the same id. A pull request from a fork is never one of them,
#                       whatever its branch is called. A form edited since its branch was made is left to
#                       the run that its edit started.
set -euo pipefail

committer=(-c "user.name=apprentrack intake" -c "user.email=apprentrack-intake@users.noreply.github.com")

form_hash() { # of a form's body, trailing newlines aside (the API and the event may differ in them)
  local body
  body="$(printf '%s' "$1")"
  printf '%s' "$body" | sha256sum | cut -d' ' -f1
}

# Each line of standard input as a list item in code: a code span fenced by more backticks than the line
# holds, so that nothing in it is markup, a mention (@someone) or a reference (#12).
as_code_items() {
  awk '{
    gsub(/\r/, ""); if ($0 == "") next
    longest = 0; rest = $0
    while (match(rest, /`+/)) { if (RLENGTH > longest) longest = RLENGTH; rest = substr(rest, RSTART + RLENGTH) }
    fence = ""; for (i = 0; i <= longest; i++) fence = fence "`"
    print "- " fence " " $0 " " fence
  }'
}

# A file as a fenced code block, its fence longer than any run of backticks in it.
as_code_block() {
  local fence
  fence="$(awk '{ while (match($0, /`+/)) { if (RLENGTH > n) n = RLENGTH; $0 = substr($0, RSTART + RLENGTH) } }
    END { n = (n < 3 ? 3 : n + 1); while (n-- > 0) printf "`" }' "$1")"
  printf '%s\n' "$fence"
  tr -d '\r' <"$1"
  printf '%s\n' "$fence"
}

refuse() { # comment why the form could not be used; nothing is changed
  local work="$1"
  shift
  { echo "This form could not be used, so nothing was changed. Edit the issue to put it right; this check runs again."
    echo
    printf '%s\n' "$@" | as_code_items
  } >"$work/comment"
  gh issue comment "$ISSUE" --body-file "$work/comment"
}

may_write() { # whether GitHub says SENDER has write access (admin, maintain or write) to the repository
  local permission
  permission="$(gh api "repos/${GH_REPO}/collaborators/${SENDER}/permission" --jq .permission 2>/dev/null || true)"
  case "$permission" in admin | maintain | write) return 0 ;; *) return 1 ;; esac
}

one_issue() {
  local branch="intake/issue-${ISSUE}" work merged logged=()
  [[ "$ISSUE" =~ ^[0-9]+$ && "$SENDER" =~ ^[A-Za-z0-9][A-Za-z0-9-]{0,38}$ && "$KIND" =~ ^(add|update)$ ]] || {
    echo "intake: not an issue number, a GitHub login and add or update: '$ISSUE' '$SENDER' '$KIND'" >&2
    return 1
  }
  if [ "${BODY_CHANGED:-yes}" = no ] || [ "${STATE:-open}" != open ]; then
    return 0 # a title edited, or a closed issue: no form to take again
  fi
  work="$(mktemp -d)"
  merged="$(gh pr list --head "$branch" --state merged --json number,isCrossRepository \
    --jq 'map(select(.isCrossRepository | not)) | .[0].number // empty')"
  if [ -n "$merged" ]; then
    printf 'This issue was turned into a hire by pull request #%s, merged already, so nothing was added again. To change the record, open an "Apprentice update" issue.\n' \
      "$merged" >"$work/comment"
    gh issue comment "$ISSUE" --body-file "$work/comment"
    return 0
  fi
  if ! may_write; then
    refuse "$work" "${SENDER} has no write access to this repository, and GitHub ignores a CODEOWNERS line of anyone without it: ask the repository's admins"
    return 0
  fi
  printf '%s' "$BODY" >"$work/form.md"
  if [ "$KIND" = add ] && [ -n "${CREATED:-}" ]; then
    logged=(--logged "$CREATED") # the day the issue was opened, in London: kept however often this runs
  fi
  git fetch --quiet origin "$BASE"
  git checkout --quiet -B "$branch" "origin/$BASE"
  if ! apprentrack "$KIND" --from-issue-form "$work/form.md" --author "$SENDER" "${logged[@]}" >"$work/out" 2>"$work/err"; then
    mapfile -t problems < <(sed -n 's/^Error: //p' "$work/err")
    refuse "$work" "${problems[@]}"
    return 0
  fi
  if ! apprentrack validate >"$work/validate" 2>&1; then
    { echo "The records do not validate after this change, so no pull request was opened:"; echo
      as_code_block "$work/validate"; } >"$work/comment"
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

refresh_one() { # one intake branch again on the new BASE, as the run of its issue would make it
  local branch="$1" message body
  ISSUE="${branch#intake/issue-}"
  git fetch --quiet origin "$branch"
  message="$(git log -1 --format=%B FETCH_HEAD)"
  SENDER="$(printf '%s\n' "$message" | sed -n 's/^Requested-by: //p')"
  KIND="$(printf '%s\n' "$message" | awk 'NR==1 {print tolower($1)}')"
  body="$(gh issue view "$ISSUE" --json body --jq .body)"
  if [ "$(form_hash "$body")" != "$(printf '%s\n' "$message" | sed -n 's/^Form-SHA256: //p')" ]; then
    return 0 # edited since: the run its edit started has made (or refused) the branch
  fi
  BODY="$body" CREATED="$(gh issue view "$ISSUE" --json createdAt --jq .createdAt)" \
    STATE="$(gh issue view "$ISSUE" --json state --jq '.state | ascii_downcase')" BODY_CHANGED=yes
  export BODY CREATED STATE BODY_CHANGED ISSUE SENDER KIND
  one_issue
}

refresh() {
  local branch failed=()
  # Only this repository's own branches, named as the intake names them: a fork's pull request is not one.
  while IFS= read -r branch; do
    [[ "$branch" =~ ^intake/issue-[0-9]+$ ]] || continue
    # Each in a shell of its own, which stops at its first failure; the others go on.
    bash "${BASH_SOURCE[0]}" refresh-one "$branch" || failed+=("$branch")
  done < <(gh pr list --state open --json headRefName,isCrossRepository \
    --jq '.[] | select(.isCrossRepository | not) | .headRefName | select(startswith("intake/issue-"))')
  if [ "${#failed[@]}" -gt 0 ]; then
    echo "intake: could not refresh ${failed[*]}" >&2
    return 1
  fi
}

case "${1:-}" in
  refresh) refresh ;;
  refresh-one) refresh_one "$2" ;;
  *) one_issue ;;
esac
