# bash completion for capiqa-cli: commands, each command's options, their fixed values, and file
# names where a file is expected. Installed to share/bash-completion/completions/capiqa-cli.
# Keep in step with `capiqa-cli <command> --help` (tests/installer/tst_installfiles checks it).

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
        mapfile -t COMPREPLY < <(compgen -W "hash build send serve validate --help --version" -- "$cur")
        return
    fi

    local cmd=${COMP_WORDS[1]} opts
    case $cmd in
        hash) opts="--profile --field --input --format" ;;
        build) opts="--profile --test-code --production --now --validate --compact --report --event --time
                     --action-source --url --event-id --var --user --custom" ;;
        send) opts="--profile --base-url --api-version --pixel --token-env --test-code --production
                    --normalizer --timeout --retries --format --now --verbose" ;;
        serve) opts="--port --faults --record --token --quiet" ;;
        validate) opts="--now --format" ;;
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
                send) return ;; # a saved connection profile's name: free text
            esac
            ;;
        --normalizer) values=$normalizers ;;
        --field) values="em ph fn ln ge db ct st zp country external_id" ;;
        --format) values="json text" ;;
        --time) values="now" ;;
        --event-id) values="uuid" ;;
        --action-source) values="website app email phone_call chat physical_store system_generated
                                 business_messaging other" ;;
        --event) values="AddPaymentInfo AddToCart AddToWishlist CompleteRegistration Contact
                         CustomizeProduct Donate FindLocation InitiateCheckout Lead Purchase Schedule
                         Search StartTrial SubmitApplication Subscribe ViewContent" ;;
        --input | --report | --record)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            return
            ;;
        --test-code | --now | --url | --var | --user | --custom | --base-url | --api-version | --pixel | \
            --token-env | --timeout | --retries | --port | --faults | --token)
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
        build | send | validate)
            compopt -o filenames 2>/dev/null
            mapfile -t COMPREPLY < <(compgen -f -- "$cur")
            ;;
    esac
} && complete -F _capiqa_cli capiqa-cli
