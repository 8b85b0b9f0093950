#!/usr/bin/env bash
# The shared steps of the staff workflows (.github/workflows/staff-*.yml), one
# file so that tests/unit/github/workflows.test.ts can replay them locally.
#
#   staff-pr.sh ids            AWARDS (ids separated by spaces, commas or new lines) -> $IDS_FILE, one per line;
#                              prints count=N for $GITHUB_OUTPUT. Refuses anything that is not an award id
#                              without echoing it: a name or an email typed into the form never reaches the log.
#   staff-pr.sh open           commits the content change on a new branch and opens a pull request whose
#                              description is `npm run plan` against the base branch (award ids, no personal data).
#
# Environment for `open`: OPERATION (revoke, unrevoke, erase, correct-name, import), TITLE (no names),
# SUMMARY (a line above the plan, no names), BASE_BRANCH (default main), RUN_ID, CONTENT_DIR (default content),
# DETAILS_FILE (optional: lines shown above the plan, e.g. the import's counts; no personal data),
# GH_TOKEN for gh, DISPATCH_GUARD=yes to start plan-guard.yml on the branch (a pull request opened with the
# workflow's own GITHUB_TOKEN starts no pull_request workflow).
set -euo pipefail

uuid='^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'

ids() {
  : "${IDS_FILE:?IDS_FILE is not set}"
  : >"$IDS_FILE"
  local n=0 item
  set -f # an asterisk typed into the form is an item, not a file pattern
  for item in $(printf '%s' "${AWARDS:-}" | tr ',;' '  '); do
    n=$((n + 1))
    if ! [[ $item =~ $uuid ]]; then
      echo "::error::item $n of the awards field is not an award id (a UUID such as 0b6f…-…). Give award ids only: look them up with npm run lookup, never type a name or an email here." >&2
      exit 2
    fi
    printf '%s\n' "${item,,}" >>"$IDS_FILE"
  done
  if [ "$n" = 0 ]; then
    echo "::error::the awards field is empty." >&2
    exit 2
  fi
  echo "count=$n"
}

open_pr() {
  : "${OPERATION:?}" "${TITLE:?}"
  local base="${BASE_BRANCH:-main}" content="${CONTENT_DIR:-content}"
  local branch="staff/${OPERATION}-${RUN_ID:-$(date -u +%Y%m%d%H%M%S)}"
  local temp="${RUNNER_TEMP:-$(mktemp -d)}"
  if [ -z "$(git status --porcelain -- "$content")" ]; then
    echo "Nothing changed in $content: no pull request."
    return 0
  fi
  # The plan against the published branch. --allow: a dangerous change (an un-revocation) still gets its pull
  # request, for review; the required check plan-guard.yml is what stops it from being merged unreviewed.
  git fetch --quiet origin "$base"
  npm run --silent plan -- --base "origin/$base" --allow >"$temp/plan.md"
  {
    printf '%s\n\n' "${SUMMARY:-}"
    if [ -n "${DETAILS_FILE:-}" ] && [ -s "$DETAILS_FILE" ]; then
      printf '```\n%s\n```\n\n' "$(cat "$DETAILS_FILE")"
    fi
    printf 'Opened by the **%s** staff workflow%s. Review the plan below; merging publishes.\n\n' "$OPERATION" \
      "${RUN_URL:+ ([run]($RUN_URL))}"
    cat "$temp/plan.md"
  } >"$temp/pr-body.md"
  git switch --quiet -c "$branch"
  git add -A -- "$content"
  git commit --quiet -m "$TITLE"
  git push --quiet origin "$branch"
  gh pr create --base "$base" --head "$branch" --title "$TITLE" --body-file "$temp/pr-body.md"
  if [ "${DISPATCH_GUARD:-}" = yes ]; then gh workflow run plan-guard.yml --ref "$branch"; fi
}

case "${1:-}" in
  ids) ids ;;
  open) open_pr ;;
  *)
    echo "usage: staff-pr.sh ids|open" >&2
    exit 2
    ;;
esac
