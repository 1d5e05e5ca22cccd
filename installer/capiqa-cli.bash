# bash completion for capiqa-cli: commands, each command's options, their fixed values, and file
# names where a file is expected. Installed to share/bash-completion/completions/capiqa-cli.
# Keep in step with `capiqa-cli <command> --help` (tests/installer/tst_installfiles checks it).

# File names for the word being completed (the names may hold spaces).
_capiqa_cli_files()
{
    compopt -o filenames 2>/dev/null
    mapfile -t COMPREPLY < <(compgen -f -- "$1")
}

_capiqa_cli()
{
    local cur=${COMP_WORDS[COMP_CWORD]}
    local prev=${COMP_WORDS[COMP_CWORD - 1]}
    # "--format=json": bash splits at "=", so the option is the word before the "=".
    if [[ $prev == "=" && COMP_CWORD -ge 2 ]]; then
        prev=${COMP_WORDS[COMP_CWORD - 2]}
    elif [[ $cur == "=" ]]; then
        cur=""
    fi

    if ((COMP_CWORD == 1)); then
        mapfile -t COMPREPLY < <(compgen -W "hash build send replay serve validate dedup --help --version" -- "$cur")
        return
    fi

    local cmd=${COMP_WORDS[1]} opts
    local connection="--profile --base-url --api-version --pixel --token-env --test-code --production --normalizer
                      --timeout --retries"
    case $cmd in
        hash) opts="--profile --field --input --format" ;;
        build) opts="--profile --test-code --production --now --validate --compact --report --event --time
                     --action-source --url --event-id --var --user --custom" ;;
        send) opts="$connection --format --now --verbose" ;;
        replay) opts="$connection --users --rate --spacing --concurrency --batch-size --identities --var --new-ids
                      --keep-event-time --seed --report --resume --resend-unknown --runs-db --list --from-har
                      --from-record --output --verbose" ;;
        serve) opts="--port --faults --record --token --quiet" ;;
        validate) opts="--now --format" ;;
        dedup) opts="--browser --server --window --format --out --pixel" ;;
        *) return ;;
    esac
    opts+=" --help --help-all"

    local normalizers="meta node-sdk python-sdk php-sdk"
    local values=""
    case $prev in
        --profile)
            case $cmd in
                hash) values="$normalizers all" ;;
                build) values=$normalizers ;;
                send | replay) return ;; # a saved connection profile's name: free text
            esac
            ;;
        --normalizer) values=$normalizers ;;
        --field) values="em ph fn ln ge db ct st zp country external_id" ;;
        --format)
            case $cmd in
                dedup) values="json csv html" ;;
                *) values="json text" ;;
            esac
            ;;
        --window) values="48h" ;; # Meta's window; 90m, 2d or 3600s are typed
        --time) values="now" ;;
        --event-id) values="uuid" ;;
        --action-source) values="website app email phone_call chat physical_store system_generated
                                 business_messaging other" ;;
        --event) values="AddPaymentInfo AddToCart AddToWishlist CompleteRegistration Contact
                         CustomizeProduct Donate FindLocation InitiateCheckout Lead Purchase Schedule
                         Search StartTrial SubmitApplication Subscribe ViewContent" ;;
        --input | --report | --record | --identities | --runs-db | --from-har | --from-record | --output | \
            --browser | --server | --out)
            _capiqa_cli_files "$cur"
            return
            ;;
        --test-code | --now | --url | --var | --user | --custom | --base-url | --api-version | --pixel | \
            --token-env | --timeout | --retries | --port | --faults | --token | --users | --rate | --spacing | \
            --concurrency | --batch-size | --seed | --resume)
            return # free text: nothing sensible to offer
            ;;
    esac
    if [[ -n $values ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$values" -- "$cur")
        return
    fi

    if [[ $cur == -* ]]; then
        mapfile -t COMPREPLY < <(compgen -W "$opts" -- "$cur")
        return
    fi
    case $cmd in
        build | send | validate | replay) # replay: the funnel
            _capiqa_cli_files "$cur"
            ;;
        dedup)
            # Captures follow --browser or --server up to the next option; dedup takes no other file.
            local i
            for ((i = COMP_CWORD - 1; i > 1; i--)); do
                [[ ${COMP_WORDS[i]} == -?* ]] && break
            done
            if [[ ${COMP_WORDS[i]} == --browser || ${COMP_WORDS[i]} == --server ]]; then
                _capiqa_cli_files "$cur"
            fi
            ;;
    esac
} && complete -F _capiqa_cli capiqa-cli
